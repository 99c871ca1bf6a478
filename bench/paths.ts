import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..');

/**
 * The built package module at dist/<relative> (what n8n runs), typed as its TypeScript source. Benches measure
 * the shipped JavaScript, so `npm run bench` builds first.
 */
export function loadDist<T>(relative: string): T {
	const file = path.join(ROOT, 'dist', relative);
	if (!existsSync(`${file}.js`) && !existsSync(path.join(file, 'index.js'))) {
		throw new Error(`dist/${relative} is missing: run \`npm run build\` first`);
	}
	return require(file) as T;
}

/** Why the built package at `root` cannot run a node (not registered in package.json n8n.nodes, or not built). */
export function missingNode(root: string, folder: string): string | undefined {
	const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { n8n?: { nodes?: string[] } };
	const entry = (pkg.n8n?.nodes ?? []).find((p) => p.includes(`/nodes/${folder}/`));
	if (!entry) return `nodes/${folder} is not registered in package.json n8n.nodes yet`;
	if (!existsSync(path.join(root, entry))) return `${entry} is not built`;
	return undefined;
}
