import { fork, type ChildProcess } from 'node:child_process';

import { startEmulator, type Emulator, type EmulatorOptions, type Fault } from '../emulator';

/**
 * The emulator in its own process, so its memory (it records every request) and its CPU (zod validation,
 * multipart parsing) never count as the node's. The bench child talks to it over IPC.
 */

export interface HostInfo {
	baseUrl: string;
	appId: string;
	appSecret: string;
	accessToken: string;
	/** The first seeded advertiser (authorized, Admin): the one benches work with. */
	advertiserId: string;
}

export interface PathStats {
	requests: number;
	/** Request body bytes (what the client uploaded). */
	bytes: number;
	/** Answers by TikTok code (0 = OK, 40100 = rate limited, …). */
	codes: Record<string, number>;
	firstAt?: number;
	lastAt?: number;
}

export interface HostStats {
	paths: Record<string, PathStats>;
	events: { received: number; duplicates: number; uniqueEventIds: number; acceptedRequests: number };
	audiences: AudienceSummary[];
	handlerErrors: number;
	/** CPU time the emulator process has used so far (ms): its share of a run's wall time. */
	cpuMs: number;
	/** The last requests received (oldest first): when each finished arriving, to place them in a run's timeline. */
	recent: Array<{ key: string; receivedAt: number; bytes: number }>;
}

export interface AudienceSummary {
	id: string;
	advertiserId: string;
	name: string;
	calculateType: string | null;
	members: number;
	deleted: boolean;
}

type Request =
	| { id: number; cmd: 'stats' }
	| { id: number; cmd: 'reset' }
	| { id: number; cmd: 'setQps'; qps?: number }
	| { id: number; cmd: 'fault'; path: string; fault: Fault };

function statsOf(emu: Emulator): HostStats {
	const paths: Record<string, PathStats> = {};
	let handlerErrors = 0;
	for (const rec of emu.requests) {
		const p = (paths[`${rec.method} ${rec.path}`] ??= { requests: 0, bytes: 0, codes: {} });
		p.requests++;
		p.bytes += rec.bodyBytes ?? rec.rawBody?.length ?? 0;
		const code = (rec.response as { code?: unknown } | undefined)?.code;
		const key = code === undefined ? `http${rec.status ?? ''}` : String(code);
		p.codes[key] = (p.codes[key] ?? 0) + 1;
		p.firstAt = Math.min(p.firstAt ?? rec.receivedAt, rec.receivedAt);
		p.lastAt = Math.max(p.lastAt ?? rec.receivedAt, rec.receivedAt);
		if (rec.handlerError) handlerErrors++;
	}
	const state = emu.state as unknown as Record<string, Record<string, unknown> | undefined>;
	const ev = state.event as { received?: Array<{ event_id?: string }>; duplicates?: number; acceptedRequests?: number } | undefined;
	const ids = new Set<string>();
	for (const e of ev?.received ?? []) if (e.event_id !== undefined) ids.add(e.event_id);
	return {
		paths,
		events: {
			received: ev?.received?.length ?? 0,
			duplicates: ev?.duplicates ?? 0,
			uniqueEventIds: ids.size,
			acceptedRequests: ev?.acceptedRequests ?? 0,
		},
		audiences: summariseAudiences(state.audience as { audiences?: Map<string, AudienceLike> } | undefined),
		handlerErrors,
		cpuMs: cpuMsSoFar(),
		recent: emu.requests.slice(-20).map((r) => ({ key: `${r.method} ${r.path}`, receivedAt: r.receivedAt, bytes: r.rawBody?.length ?? 0 })),
	};
}

function cpuMsSoFar(): number {
	const cpu = process.cpuUsage();
	return (cpu.user + cpu.system) / 1000;
}

interface AudienceLike {
	audience_id: string;
	advertiser_id: string;
	name: string;
	calculate_type: string | null;
	members: Set<string>;
	/** Members an emulator with audienceRecording 'counts' counted instead of keeping. */
	countedMembers?: number;
	deleted: boolean;
}

function summariseAudiences(slice: { audiences?: Map<string, AudienceLike> } | undefined): AudienceSummary[] {
	return [...(slice?.audiences?.values() ?? [])].map((a) => ({
		id: a.audience_id,
		advertiserId: a.advertiser_id,
		name: a.name,
		calculateType: a.calculate_type,
		members: a.members.size + (a.countedMembers ?? 0),
		deleted: a.deleted,
	}));
}

async function serve(): Promise<void> {
	const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
	const emu = await startEmulator(options);
	const send = (message: unknown) => process.send?.(message);
	process.on('message', (raw) => {
		const req = raw as Request;
		try {
			if (req.cmd === 'stats') send({ id: req.id, ok: true, value: statsOf(emu) });
			else if (req.cmd === 'reset') {
				emu.reset();
				send({ id: req.id, ok: true });
			} else if (req.cmd === 'setQps') {
				emu.setQps(req.qps);
				send({ id: req.id, ok: true });
			} else if (req.cmd === 'fault') {
				emu.injectFault(req.path, req.fault);
				send({ id: req.id, ok: true });
			} else {
				const unknown = req as { id: number; cmd: string };
				send({ id: unknown.id, ok: false, error: `unknown command ${unknown.cmd}` });
			}
		} catch (error) {
			send({ id: req.id, ok: false, error: (error as Error).message });
		}
	});
	process.on('disconnect', () => {
		void emu.close().finally(() => process.exit(0));
	});
	const advertiserId = [...emu.state.core.advertisers.keys()][0];
	send({ ready: true, info: { baseUrl: emu.baseUrl, appId: emu.appId, appSecret: emu.appSecret, accessToken: emu.accessToken, advertiserId } });
}

export interface EmulatorProcess {
	info: HostInfo;
	stats(): Promise<HostStats>;
	reset(): Promise<void>;
	setQps(qps?: number): Promise<void>;
	injectFault(path: string, fault: Fault): Promise<void>;
	close(): Promise<void>;
}

/** Forks this file as the emulator process (same ts-node setup as the caller). */
export async function startEmulatorProcess(options: EmulatorOptions = {}): Promise<EmulatorProcess> {
	const child: ChildProcess = fork(__filename, [JSON.stringify(options)], {
		execArgv: ['-r', 'ts-node/register/transpile-only', '--max-old-space-size=8192'],
		env: { ...process.env, BENCH_EMULATOR_HOST: '1' },
		stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
	});
	let nextId = 1;
	const waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
	const info = await new Promise<HostInfo>((resolve, reject) => {
		child.once('error', reject);
		child.once('exit', (code) => reject(new Error(`emulator process exited (${code}) before it was ready`)));
		child.on('message', (raw) => {
			const msg = raw as { ready?: boolean; info?: HostInfo; id?: number; ok?: boolean; value?: unknown; error?: string };
			if (msg.ready && msg.info) return resolve(msg.info);
			const w = msg.id === undefined ? undefined : waiting.get(msg.id);
			if (!w) return;
			waiting.delete(msg.id!);
			if (msg.ok) w.resolve(msg.value);
			else w.reject(new Error(msg.error));
		});
	});
	const call = <T>(message: Record<string, unknown>) =>
		new Promise<T>((resolve, reject) => {
			const id = nextId++;
			waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
			child.send({ ...message, id });
		});
	return {
		info,
		stats: () => call<HostStats>({ cmd: 'stats' }),
		reset: () => call<void>({ cmd: 'reset' }),
		setQps: (qps?: number) => call<void>({ cmd: 'setQps', qps }),
		injectFault: (path: string, fault: Fault) => call<void>({ cmd: 'fault', path, fault }),
		close: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.disconnect();
			}),
	};
}

if (require.main === module && process.env.BENCH_EMULATOR_HOST === '1') {
	serve().catch((error) => {
		process.stderr.write(`emulator host: ${(error as Error).stack ?? error}\n`);
		process.exit(1);
	});
}
