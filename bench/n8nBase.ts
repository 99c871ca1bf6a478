import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import type { INodeType, IVersionedNodeType } from 'n8n-workflow';

import { ROOT } from './paths';

/**
 * n8n's own nodes (n8n-nodes-base) for the hand-built baselines. Not a dependency of this package: they are
 * taken from an n8n 2.41.1 installed outside the repository (the e2e suite's cache), or n8n-nodes-base@2.41.1
 * installed alone with @n8n/task-runner@2.41.1 into ~/.cache/n8n-nodes-tiktok-ads/bench-nodes-base
 * (`--ignore-scripts`, so none of their native modules build: Crypto, Code and HTTP Request do not need them).
 */

export const N8N_VERSION = '2.41.1';
const CACHE = path.join(os.homedir(), '.cache', 'n8n-nodes-tiktok-ads');
const CANDIDATES = [
	process.env.BENCH_N8N_NODES_BASE,
	path.join(CACHE, `n8n-${N8N_VERSION}`, 'node_modules', 'n8n-nodes-base'),
	path.join(CACHE, 'bench-nodes-base', 'node_modules', 'n8n-nodes-base'),
].filter((p): p is string => Boolean(p));

function usable(dir: string): boolean {
	try {
		const pkg = require(path.join(dir, 'package.json')) as { version?: string };
		// The Code node's baseline also needs n8n's task runner next to it (see codeRunner.ts).
		const runner = path.join(path.dirname(dir), '@n8n', 'task-runner', 'dist', 'js-task-runner', 'js-task-runner.js');
		return pkg.version === N8N_VERSION && existsSync(path.join(dir, 'dist', 'nodes', 'Code', 'Code.node.js')) && existsSync(runner);
	} catch {
		return false;
	}
}

export function findNodesBase(): string | undefined {
	return CANDIDATES.find(usable);
}

/** Installs n8n-nodes-base@2.41.1 into the bench cache (npm, ignore-scripts) when no copy is there yet. */
export function ensureNodesBase(log: (line: string) => void): string {
	const found = findNodesBase();
	if (found) return found;
	const dir = path.join(CACHE, 'bench-nodes-base');
	mkdirSync(dir, { recursive: true });
	if (!existsSync(path.join(dir, 'package.json'))) {
		writeFileSync(path.join(dir, 'package.json'), '{"name":"bench-nodes-base","private":true}\n');
	}
	log(`Installing n8n-nodes-base and @n8n/task-runner ${N8N_VERSION} into ${dir} (baselines only; once)…`);
	const packages = [`n8n-nodes-base@${N8N_VERSION}`, `@n8n/task-runner@${N8N_VERSION}`];
	execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error', ...packages], {
		cwd: dir,
		stdio: ['ignore', 'ignore', 'inherit'],
	});
	const installed = findNodesBase();
	if (!installed) throw new Error(`n8n-nodes-base@${N8N_VERSION} did not install into ${dir}`);
	return installed;
}

let aliased = false;

/**
 * In an n8n install there is one n8n-workflow and one n8n-core, shared by the engine and every node package.
 * Make n8n-nodes-base resolve them to the copies the bench engine runs, as n8n would.
 */
function shareEngineModules(baseDir: string): void {
	if (aliased) return;
	aliased = true;
	const shared: Record<string, string> = {
		'n8n-workflow': require.resolve('n8n-workflow', { paths: [ROOT] }),
		'n8n-core': require.resolve('n8n-core', { paths: [ROOT] }),
	};
	const prefix = path.dirname(baseDir);
	const mod = Module as unknown as { _resolveFilename: (request: string, parent: { filename?: string } | undefined, ...rest: unknown[]) => string };
	const original = mod._resolveFilename;
	mod._resolveFilename = function (request, parent, ...rest) {
		if (shared[request] && parent?.filename?.startsWith(prefix)) return shared[request];
		return original.call(this, request, parent, ...rest);
	};
}

type NodeClass = new () => INodeType | IVersionedNodeType;

/** Loads n8n's node classes by folder/file, e.g. ('Crypto', 'Crypto') → n8n-nodes-base.crypto. */
export function loadBaseNodes(specs: Array<{ folder: string; file: string; type: string }>): Record<string, INodeType | IVersionedNodeType> {
	const dir = findNodesBase();
	if (!dir) throw new Error(`n8n-nodes-base@${N8N_VERSION} not found (looked in ${CANDIDATES.join(', ')})`);
	shareEngineModules(dir);
	const out: Record<string, INodeType | IVersionedNodeType> = {};
	for (const spec of specs) {
		const exported = require(path.join(dir, 'dist', 'nodes', spec.folder, `${spec.file}.node.js`)) as Record<string, NodeClass>;
		out[`n8n-nodes-base.${spec.type}`] = new exported[spec.file]();
	}
	return out;
}

export const BASELINE_NODES = [
	{ folder: 'Crypto', file: 'Crypto', type: 'crypto' },
	{ folder: 'Code', file: 'Code', type: 'code' },
	{ folder: 'HttpRequest', file: 'HttpRequest', type: 'httpRequest' },
];
