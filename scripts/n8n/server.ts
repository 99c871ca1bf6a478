/**
 * Starts the cached real n8n (see install.ts) on 127.0.0.1 with this package installed the way users install a
 * community node by hand: `package.json` + `dist/` in `<user folder>/.n8n/nodes/node_modules/n8n-nodes-tiktok-ads/`.
 * Each start gets a fresh user folder (SQLite database, settings, encryption key) in a temp dir unless one is given.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import type { N8nInstall } from './install';

export const REPO_ROOT = resolve(__dirname, '..', '..');
export const PACKAGE_NAME = 'n8n-nodes-tiktok-ads';

export interface StartOptions {
	install: N8nInstall;
	/** Default: a free port. */
	port?: number;
	/** Default: a new temp folder, removed by stop() unless keepUserFolder. */
	userFolder?: string;
	keepUserFolder?: boolean;
	/** Extra environment for n8n. */
	env?: NodeJS.ProcessEnv;
	/** Give up waiting for readiness after this long (first start migrates the database). */
	readyTimeoutMs?: number;
}

export interface N8nServer {
	baseUrl: string;
	port: number;
	userFolder: string;
	logFile: string;
	pid: number;
	/** Environment n8n runs with (the CLI needs the same one). */
	env: NodeJS.ProcessEnv;
	install: N8nInstall;
	/** Milliseconds from spawn to ready. */
	startMs: number;
	stop(): Promise<void>;
	/** Last lines of n8n's log (for failure messages). */
	logTail(lines?: number): string;
}

export async function freePort(): Promise<number> {
	return await new Promise((resolvePort, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolvePort(port));
		});
	});
}

/** Where the built package (package.json + dist/) is taken from: the repo, or $TIKTOK_PACKAGE_ROOT (a snapshot). */
export function packageRoot(): string {
	return process.env.TIKTOK_PACKAGE_ROOT || REPO_ROOT;
}

/** Copies the built package exactly as `npm install n8n-nodes-tiktok-ads` in ~/.n8n/nodes would lay it out. */
export function installPackageInto(userFolder: string, repoRoot = packageRoot()): string {
	const dist = join(repoRoot, 'dist');
	if (!existsSync(join(dist, 'credentials'))) {
		throw new Error(`${dist} has no build: run "npm run build" first`);
	}
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const target = join(nodesDir, 'node_modules', PACKAGE_NAME);
	rmSync(target, { recursive: true, force: true });
	mkdirSync(target, { recursive: true });
	const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
	cpSync(join(repoRoot, 'package.json'), join(target, 'package.json'));
	cpSync(dist, join(target, 'dist'), { recursive: true });
	// What npm leaves in ~/.n8n/nodes after a manual install.
	writeFileSync(
		join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [PACKAGE_NAME]: pkg.version } }, null, 2),
	);
	return target;
}

export function n8nEnv(userFolder: string, port: number, brokerPort: number, install: N8nInstall): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = {};
	// Keep the machine's basics, drop the npm/jest variables of the parent process.
	for (const key of ['HOME', 'LANG', 'TZ', 'TMPDIR', 'USER']) if (process.env[key]) env[key] = process.env[key];
	return {
		...env,
		PATH: `${install.nodeBinDir}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: '127.0.0.1',
		N8N_PROTOCOL: 'http',
		WEBHOOK_URL: `http://127.0.0.1:${port}/`,
		N8N_EDITOR_BASE_URL: `http://127.0.0.1:${port}/`,
		// The editor is opened over plain http on the loopback address.
		N8N_SECURE_COOKIE: 'false',
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		// Otherwise n8n calls api.n8n.io at start, which fails without internet and logs a stack trace.
		N8N_DISABLED_MODULES: 'mcp-registry',
		N8N_ENCRYPTION_KEY: 'tiktok-ads-e2e-fixed-encryption-key',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL || 'info',
		N8N_LOG_OUTPUT: 'console',
		GENERIC_TIMEZONE: process.env.GENERIC_TIMEZONE || 'UTC',
		NODE_ENV: 'production',
	};
}

function tail(file: string, lines: number): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

async function waitReady(baseUrl: string, child: ChildProcess, timeoutMs: number, logFile: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`n8n exited (${child.exitCode ?? child.signalCode}) before it was ready:\n${tail(logFile, 40)}`);
		}
		try {
			// /healthz answers during the database migration already; readiness waits for it.
			const res = await fetch(`${baseUrl}/healthz/readiness`, { signal: AbortSignal.timeout(2000) });
			if (res.status === 200) return;
		} catch {
			// not listening yet
		}
		await delay(250);
	}
	throw new Error(`n8n was not ready after ${timeoutMs / 1000} s:\n${tail(logFile, 40)}`);
}

async function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return true;
	return await Promise.race([
		new Promise<boolean>((done) => child.once('exit', () => done(true))),
		// Unref: a pending timer must not keep the process (or Jest) alive after n8n has exited.
		delay(ms, false, { ref: false }),
	]);
}

export async function startN8n(options: StartOptions): Promise<N8nServer> {
	const { install } = options;
	const port = options.port ?? (await freePort());
	const brokerPort = await freePort();
	const ownFolder = !options.userFolder;
	const userFolder = options.userFolder ?? mkdtempSync(join(tmpdir(), 'n8n-tiktok-e2e-'));
	try {
		installPackageInto(userFolder);
	} catch (error) {
		if (ownFolder) rmSync(userFolder, { recursive: true, force: true });
		throw error;
	}
	const env = { ...n8nEnv(userFolder, port, brokerPort, install), ...options.env };
	const logFile = join(userFolder, 'n8n.log');
	const out = openSync(logFile, 'a');
	const started = Date.now();
	// Its own process group, so the task-runner child goes down with it if n8n has to be killed.
	const child = spawn(install.node, [install.n8nBin, 'start'], {
		cwd: userFolder,
		env,
		stdio: ['ignore', out, out],
		detached: true,
	});
	const baseUrl = `http://127.0.0.1:${port}`;
	// If this process ends without stop() (an uncaught error, a test runner bailing out), n8n must not outlive it.
	const killOnExit = () => {
		if (child.pid && child.exitCode === null && child.signalCode === null) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	process.once('exit', killOnExit);
	const stop = async () => {
		process.removeListener('exit', killOnExit);
		if (child.pid && child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			if (!(await waitExit(child, 15000))) {
				process.kill(-child.pid, 'SIGKILL');
				await waitExit(child, 5000);
			}
		}
		if (ownFolder && !options.keepUserFolder) rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		await waitReady(baseUrl, child, options.readyTimeoutMs ?? 180000, logFile);
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		baseUrl,
		port,
		userFolder,
		logFile,
		pid: child.pid ?? 0,
		env,
		install,
		startMs: Date.now() - started,
		stop,
		logTail: (lines = 40) => tail(logFile, lines),
	};
}
