/**
 * n8n 2.41.1 in queue mode on one machine, the layout users scale out to: PostgreSQL (n8n's database), Redis (the
 * job queue), one main (`n8n start`: editor, API, triggers, schedules; production webhooks switched off), two
 * workers (`n8n worker`: run every execution) and one webhook processor (`n8n webhook`: takes the production
 * webhooks and queues them). Every process gets its own user folder with this package installed the way
 * server.ts installs it, and the same encryption key. Everything is stopped by stop(), also after a failure.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { N8nInstall } from './install';
import { killOnExit, startPostgres, startRedis, tail, type Postgres, type Service } from './queueServices';
import { freePort, installPackageInto, n8nEnv } from './server';

export type Role = 'main' | 'worker' | 'webhook';

export interface QueueProcess {
	name: string;
	role: Role;
	/** HTTP port: the editor/API (main), the webhooks (webhook), the health check (worker). */
	readonly port: number;
	userFolder: string;
	logFile: string;
	readonly pid: number;
	running(): boolean;
	/** Starts the process (again) and waits until it reports ready. Returns milliseconds to ready. */
	start(): Promise<number>;
	/** SIGTERM (n8n finishes running executions first), SIGKILL after the grace time. */
	stop(graceMs?: number): Promise<void>;
	/** Drops the kill-on-exit hook (once the process is stopped for good). */
	forget(): void;
	log(): string;
	logTail(lines?: number): string;
}

export interface QueueCluster {
	postgres: Postgres;
	redis: Service;
	main: QueueProcess;
	workers: QueueProcess[];
	webhook: QueueProcess;
	/** Base URL of the main (editor + API). */
	baseUrl: string;
	/** Base URL production webhooks are registered under (the webhook processor). */
	webhookBaseUrl: string;
	timings: { servicesMs: number; mainMs: number; othersMs: number };
	/** Last log lines of every process, for failure messages. */
	diagnostics(lines?: number): string;
	stop(): Promise<void>;
}

export interface QueueOptions {
	install: N8nInstall;
	workers?: number;
	/** Jobs each worker runs at once (`n8n worker --concurrency`). */
	concurrency?: number;
	readyTimeoutMs?: number;
	log?: (line: string) => void;
}

/** The settings every process shares: queue mode, Postgres, Redis, one encryption key (from n8nEnv). */
function queueEnv(postgres: Postgres, redis: Service, webhookBaseUrl: string): NodeJS.ProcessEnv {
	return {
		EXECUTIONS_MODE: 'queue',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgres.port),
		DB_POSTGRESDB_DATABASE: postgres.database,
		DB_POSTGRESDB_USER: postgres.user,
		DB_POSTGRESDB_PASSWORD: postgres.password,
		DB_POSTGRESDB_POOL_SIZE: '4',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		// Webhook URLs shown in the editor and sent to TikTok on subscribe point at the webhook processor.
		WEBHOOK_URL: webhookBaseUrl,
		// Keeps the mains's hands off production webhooks, so every delivery goes through the webhook processor.
		N8N_DISABLE_PRODUCTION_MAIN_PROCESS: 'true',
		// Manual runs ("Execute workflow", the API's run) go to the workers too, like every other execution.
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
		QUEUE_HEALTH_CHECK_ACTIVE: 'true',
		N8N_WORKER_SERVER_ADDRESS: '127.0.0.1',
		// A deploy gives a worker time to finish the executions it holds; 30 s (n8n's default) was too short once on a
		// loaded 2-core machine and an execution was lost mid-burst.
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '90',
	};
}

function alive(child: ChildProcess | undefined): child is ChildProcess {
	return !!child && child.exitCode === null && child.signalCode === null;
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (!alive(child)) return Promise.resolve(true);
	return Promise.race([new Promise<boolean>((done) => child.once('exit', () => done(true))), delay(ms, false, { ref: false })]);
}

interface ProcessSpec {
	name: string;
	role: Role;
	args: string[];
	install: N8nInstall;
	shared: NodeJS.ProcessEnv;
	readyTimeoutMs: number;
	port?: number;
}

async function makeProcess(spec: ProcessSpec): Promise<QueueProcess> {
	const port = spec.port ?? (await freePort());
	const brokerPort = await freePort();
	const userFolder = mkdtempSync(join(tmpdir(), `n8n-tiktok-queue-${spec.name}-`));
	installPackageInto(userFolder);
	const logFile = join(userFolder, 'n8n.log');
	const base = n8nEnv(userFolder, port, brokerPort, spec.install);
	const env = { ...base, ...spec.shared, ...(spec.role === 'worker' ? { QUEUE_HEALTH_CHECK_PORT: String(port) } : {}) };
	let child: ChildProcess | undefined;
	const killGroup = () => {
		if (alive(child) && child.pid) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	const forget = killOnExit(() => {
		killGroup();
		rmSync(userFolder, { recursive: true, force: true });
	});
	const proc: QueueProcess = {
		name: spec.name,
		role: spec.role,
		port,
		userFolder,
		logFile,
		get pid() {
			return child?.pid ?? 0;
		},
		running: () => alive(child),
		async start() {
			if (alive(child)) throw new Error(`${spec.name} is already running (pid ${child.pid})`);
			const out = openSync(logFile, 'a');
			const started = Date.now();
			// Own process group: the task runner goes down with it.
			child = spawn(spec.install.node, [spec.install.n8nBin, ...spec.args], { cwd: userFolder, env, stdio: ['ignore', out, out], detached: true });
			await waitReady(proc, child, spec.readyTimeoutMs);
			return Date.now() - started;
		},
		async stop(graceMs = 100000) {
			if (!alive(child)) return;
			child.kill('SIGTERM');
			if (!(await waitExit(child, graceMs))) {
				killGroup();
				await waitExit(child, 5000);
			}
		},
		forget,
		log: () => {
			try {
				return readFileSync(logFile, 'utf8');
			} catch {
				return '';
			}
		},
		logTail: (lines = 30) => tail(logFile, lines),
	};
	return proc;
}

async function waitReady(proc: QueueProcess, child: ChildProcess, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (!proc.running()) throw new Error(`n8n ${proc.name} exited (${String(child.exitCode ?? child.signalCode)}) before it was ready:\n${proc.logTail(40)}`);
		try {
			const res = await fetch(`http://127.0.0.1:${proc.port}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status === 200) return;
		} catch {
			// not listening yet
		}
		await delay(300);
	}
	throw new Error(`n8n ${proc.name} was not ready after ${timeoutMs / 1000} s:\n${proc.logTail(40)}`);
}

export async function startQueueCluster(options: QueueOptions): Promise<QueueCluster> {
	const log = options.log ?? (() => {});
	const readyTimeoutMs = options.readyTimeoutMs ?? 240000;
	const cleanups: Array<() => Promise<void>> = [];
	const procs: QueueProcess[] = [];
	const stop = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
		cleanups.length = 0;
	};
	const diagnostics = (lines = 25) =>
		procs.map((p) => `--- n8n ${p.name} (${p.running() ? 'running' : 'stopped'}, log ${p.logFile}):\n${p.logTail(lines)}`).join('\n');
	try {
		let t = Date.now();
		const [postgres, redis] = await Promise.all([startPostgres(log), startRedis(log)]);
		cleanups.push(() => postgres.stop(), () => redis.stop());
		const servicesMs = Date.now() - t;
		log(`PostgreSQL on 127.0.0.1:${postgres.port}, Redis on 127.0.0.1:${redis.port} (${(servicesMs / 1000).toFixed(1)} s)`);

		const webhookPort = await freePort();
		const webhookBaseUrl = `http://127.0.0.1:${webhookPort}`;
		const shared = queueEnv(postgres, redis, `${webhookBaseUrl}/`);
		const spec = (name: string, role: Role, args: string[], port?: number) => ({ name, role, args, install: options.install, shared, readyTimeoutMs, port });
		const main = await makeProcess(spec('main', 'main', ['start']));
		const workers: QueueProcess[] = [];
		for (let i = 1; i <= (options.workers ?? 2); i++) {
			workers.push(await makeProcess(spec(`worker${i}`, 'worker', ['worker', `--concurrency=${options.concurrency ?? 4}`])));
		}
		const webhook = await makeProcess(spec('webhook', 'webhook', ['webhook'], webhookPort));
		procs.push(main, ...workers, webhook);
		for (const p of procs) {
			cleanups.push(async () => {
				await p.stop(15000);
				p.forget();
				rmSync(p.userFolder, { recursive: true, force: true });
			});
		}
		// The main migrates the empty database first; the others would race it.
		t = Date.now();
		const mainMs = await main.start();
		log(`n8n main ready in ${(mainMs / 1000).toFixed(1)} s on 127.0.0.1:${main.port}`);
		t = Date.now();
		await Promise.all([...workers, webhook].map((p) => p.start()));
		const othersMs = Date.now() - t;
		log(`${workers.length} workers + webhook processor (127.0.0.1:${webhookPort}) ready in ${(othersMs / 1000).toFixed(1)} s`);
		return {
			postgres,
			redis,
			main,
			workers,
			webhook,
			baseUrl: `http://127.0.0.1:${main.port}`,
			webhookBaseUrl,
			timings: { servicesMs, mainMs, othersMs },
			diagnostics,
			stop,
		};
	} catch (error) {
		const text = diagnostics();
		await stop();
		throw new Error(`${(error as Error).message}${text ? `\n${text}` : ''}`);
	}
}

/** Which worker logged "Worker started execution <id>" (undefined when none did). */
export function workerThatRan(cluster: QueueCluster, executionId: string): string | undefined {
	const pattern = new RegExp(`Worker started execution ${executionId} \\(job`);
	return cluster.workers.find((w) => pattern.test(w.log()))?.name;
}
