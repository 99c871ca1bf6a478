/**
 * The two services n8n's queue mode needs, started for one run and thrown away after: PostgreSQL (n8n's database,
 * Debian's `postgresql` binaries) and Redis (the job queue, Debian's `redis-server`). Both listen on 127.0.0.1 on a
 * free port, keep their data in a temp folder, and are stopped (and the folder removed) by stop() — or killed when
 * this process exits without calling it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';

import { freePort } from './server';

export interface Service {
	port: number;
	logFile: string;
	stop(): Promise<void>;
	logTail(lines?: number): string;
}

export interface Postgres extends Service {
	database: string;
	user: string;
	password: string;
}

export function tail(file: string, lines = 30): string {
	try {
		return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
	} catch {
		return '';
	}
}

const killers = new Set<() => void>();
let hooked = false;

/**
 * Runs `kill` (synchronous) when this process ends without having stopped what it started: a normal exit, or
 * Ctrl-C / a CI time-out's SIGTERM (n8n and PostgreSQL run in their own process groups, so the signal does not
 * reach them). Returns the function that unregisters it.
 */
export function killOnExit(kill: () => void): () => void {
	if (!hooked) {
		hooked = true;
		const all = () => {
			for (const k of killers) k();
			killers.clear();
		};
		process.on('exit', all);
		for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129]] as const) {
			process.once(signal, () => {
				all();
				process.exit(code);
			});
		}
	}
	killers.add(kill);
	return () => killers.delete(kill);
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The newest /usr/lib/postgresql/<n>/bin that has initdb, or $TIKTOK_PG_BIN. */
export function findPostgresBin(): string | undefined {
	if (process.env.TIKTOK_PG_BIN) return process.env.TIKTOK_PG_BIN;
	const root = '/usr/lib/postgresql';
	if (!existsSync(root)) return undefined;
	const versions = readdirSync(root)
		.filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? join(root, versions[0], 'bin') : undefined;
}

function which(cmd: string): string | undefined {
	const found = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
	return found.status === 0 ? found.stdout.trim() : undefined;
}

/** Installs a Debian package when it is missing (root only: on a developer machine the message says what to do). */
function aptInstall(pkg: string, log: (line: string) => void): void {
	if (!isRoot()) throw new Error(`${pkg} is not installed: run "sudo apt-get install -y ${pkg}" and try again`);
	log(`installing Debian package ${pkg} (apt-get) …`);
	const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
	let run = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { encoding: 'utf8', env });
	if (run.status !== 0) {
		spawnSync('apt-get', ['update'], { encoding: 'utf8', env });
		run = spawnSync('apt-get', ['install', '-y', '--no-install-recommends', pkg], { encoding: 'utf8', env });
	}
	if (run.status !== 0) throw new Error(`apt-get install ${pkg} failed:\n${(run.stderr || run.stdout).slice(-1500)}`);
}

/** Runs a PostgreSQL tool as the `postgres` system user when we are root (initdb refuses root), else as ourselves. */
function pgCommand(bin: string, args: string[]): [string, string[]] {
	return isRoot() ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
}

function pgRun(bin: string, args: string[], what: string): void {
	const [cmd, argv] = pgCommand(bin, args);
	const run = spawnSync(cmd, argv, { encoding: 'utf8', cwd: '/tmp' });
	if (run.status !== 0) throw new Error(`${what} failed (${run.status}):\n${(run.stderr || run.stdout).slice(-1500)}`);
}

/** Polls a TCP port until something accepts connections. */
async function waitPort(port: number, timeoutMs: number, alive: () => string | undefined): Promise<boolean> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		const dead = alive();
		if (dead) throw new Error(dead);
		const open = await new Promise<boolean>((done) => {
			const socket = connect(port, '127.0.0.1');
			socket.once('connect', () => (socket.destroy(), done(true)));
			socket.once('error', () => done(false));
		});
		if (open) return true;
		await delay(200);
	}
	return false;
}

export async function startPostgres(log: (line: string) => void = () => {}): Promise<Postgres> {
	let bin = findPostgresBin();
	if (!bin) {
		aptInstall('postgresql', log);
		bin = findPostgresBin();
		if (!bin) throw new Error('postgresql installed, but no /usr/lib/postgresql/<version>/bin/initdb found');
	}
	const dir = mkdtempSync(join(tmpdir(), 'tiktok-queue-pg-'));
	const dataDir = join(dir, 'data');
	const logFile = join(dir, 'postgres.log');
	if (isRoot()) {
		const pw = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
		const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
		if (pw.status !== 0) throw new Error('no "postgres" system user to run PostgreSQL as (install the Debian postgresql package)');
		chownSync(dir, Number(pw.stdout), Number(gid.stdout));
	}
	const port = await freePort();
	const ctl = join(bin, 'pg_ctl');
	let started = false;
	const kill = () => {
		if (!started) return;
		started = false;
		const [cmd, argv] = pgCommand(ctl, ['-D', dataDir, '-m', 'immediate', '-w', '-t', '20', 'stop']);
		spawnSync(cmd, argv, { cwd: '/tmp' });
		rmSync(dir, { recursive: true, force: true });
	};
	const forget = killOnExit(kill);
	const stop = async () => {
		forget();
		if (started) {
			const [cmd, argv] = pgCommand(ctl, ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']);
			if (spawnSync(cmd, argv, { cwd: '/tmp' }).status !== 0) kill();
			started = false;
		}
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		// Trust on 127.0.0.1 only: a throw-away cluster that nothing but this run can reach.
		pgRun(join(bin, 'initdb'), ['-D', dataDir, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], 'initdb');
		const options = `-k /tmp -p ${port} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
		pgRun(ctl, ['-D', dataDir, '-o', options, '-l', logFile, '-w', '-t', '60', 'start'], `pg_ctl start (log ${logFile})`);
		started = true;
		pgRun(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'n8n'], 'createdb n8n');
	} catch (error) {
		const text = tail(logFile);
		await stop();
		throw new Error(`PostgreSQL did not start: ${(error as Error).message}${text ? `\n${text}` : ''}`);
	}
	return { port, logFile, database: 'n8n', user: 'postgres', password: 'postgres', stop, logTail: (n = 30) => tail(logFile, n) };
}

function waitExit(child: ChildProcess, ms: number): Promise<boolean> {
	if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
	return Promise.race([
		new Promise<boolean>((done) => child.once('exit', () => done(true))),
		delay(ms, false, { ref: false }),
	]);
}

export async function startRedis(log: (line: string) => void = () => {}): Promise<Service> {
	let bin = which('redis-server');
	if (!bin) {
		aptInstall('redis-server', log);
		bin = which('redis-server');
		if (!bin) throw new Error('redis-server installed, but not on PATH');
	}
	const dir = mkdtempSync(join(tmpdir(), 'tiktok-queue-redis-'));
	const logFile = join(dir, 'redis.log');
	const port = await freePort();
	const out = openSync(logFile, 'a');
	const child = spawn(bin, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--dir', dir], {
		stdio: ['ignore', out, out],
	});
	const kill = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		rmSync(dir, { recursive: true, force: true });
	};
	const forget = killOnExit(kill);
	const stop = async () => {
		forget();
		if (child.exitCode === null && child.signalCode === null) {
			child.kill('SIGTERM');
			if (!(await waitExit(child, 10000))) kill();
		}
		rmSync(dir, { recursive: true, force: true });
	};
	const alive = () => (child.exitCode !== null ? `redis-server exited (${child.exitCode}):\n${tail(logFile)}` : undefined);
	try {
		if (!(await waitPort(port, 20000, alive))) throw new Error(`redis-server not listening after 20 s:\n${tail(logFile)}`);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, logFile, stop, logTail: (n = 30) => tail(logFile, n) };
}
