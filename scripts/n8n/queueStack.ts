/**
 * The e2e stack in queue mode: the TikTok emulator, the forwarding receiver, n8n as main + workers + webhook
 * processor on PostgreSQL and Redis (queue.ts), then the same set-up a person makes (stack.ts setUpN8n) through
 * the main's API, with production webhook URLs on the webhook processor.
 */
import { startEmulator, type Emulator } from '../../emulator';
import type { DrivenStack } from './drive';
import { ensureN8n, type Log } from './install';
import { startQueueCluster, type QueueCluster } from './queue';
import { DEFAULT_OWNER } from './api';
import { setUpN8n, startSink, type Sink } from './stack';

export interface QueueStack extends DrivenStack {
	emu: Emulator;
	sink: Sink;
	cluster: QueueCluster;
	timings: { installMs: number; servicesMs: number; mainMs: number; othersMs: number; setupMs: number };
	stop(): Promise<void>;
}

export interface QueueStackOptions {
	log?: Log;
	workers?: number;
	concurrency?: number;
}

export async function startQueueStack(options: QueueStackOptions = {}): Promise<QueueStack> {
	const log = options.log ?? (() => {});
	const cleanups: Array<() => Promise<void>> = [];
	const stop = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
		cleanups.length = 0;
	};
	let cluster: QueueCluster | undefined;
	try {
		let t = Date.now();
		const install = await ensureN8n((line) => log(`  ${line}`));
		const installMs = Date.now() - t;
		const emu = await startEmulator();
		cleanups.push(() => emu.close());
		const sink = await startSink();
		cleanups.push(() => sink.close());
		log(`TikTok emulator on ${emu.baseUrl}`);

		cluster = await startQueueCluster({ install, workers: options.workers ?? 2, concurrency: options.concurrency ?? 4, log });
		cleanups.push(() => cluster?.stop() ?? Promise.resolve());

		t = Date.now();
		const setup = await setUpN8n({
			baseUrl: cluster.baseUrl,
			webhookBaseUrl: cluster.webhookBaseUrl,
			emu,
			sink,
			owner: DEFAULT_OWNER,
			log,
		});
		const setupMs = Date.now() - t;
		return { emu, sink, cluster, ...setup, timings: { installMs, ...cluster.timings, setupMs }, stop };
	} catch (error) {
		const text = cluster?.diagnostics() ?? '';
		await stop();
		const message = (error as Error).message;
		throw new Error(text && !message.includes('--- n8n ') ? `${message}\n${text}` : message);
	}
}
