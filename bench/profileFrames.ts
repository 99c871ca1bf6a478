import { readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and prints where the time under one frame went: the samples whose
 * stack holds a frame matching --root (a regex on "function url:line"), their self time by frame and their total
 * (inclusive) time by frame, in ms. Used for the real-server scenario's notes:
 *
 *   npx ts-node --transpile-only bench/profileFrames.ts <file.cpuprofile> --root 'execute .*TikTokAudience.node.js' [--top 25]
 *
 * With --window <before-ms>,<after-ms>, every sample (GC and idle included, whatever its stack) from <before-ms>
 * before to <after-ms> after the first root sample of each run (runs: root samples more than 5 s apart) is
 * counted instead: what else the process did while n8n timed the node.
 */

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}

interface CpuProfile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** The package (or node: builtin, or V8 pseudo-frame) a frame belongs to. */
function owner(node: ProfileNode): string {
	const url = node.callFrame.url;
	if (!url) return node.callFrame.functionName || '(anonymous)';
	if (url.startsWith('node:')) return 'node: builtins';
	const parts = url.split('/node_modules/');
	const tail = parts[parts.length - 1].split('/');
	return parts.length > 1 ? (tail[0].startsWith('@') ? `${tail[0]}/${tail[1]}` : tail[0]) : url;
}

function label(node: ProfileNode): string {
	const { functionName, url, lineNumber } = node.callFrame;
	const file = url ? url.replace(/^file:\/\//, '').split(`${path.sep}node_modules${path.sep}`).pop() : '';
	return `${functionName || '(anonymous)'} ${file}${file ? `:${lineNumber + 1}` : ''}`;
}

function top(map: Map<string, number>, n: number): string[] {
	return [...map.entries()]
		.sort((a, b) => b[1] - a[1])
		.slice(0, n)
		.map(([k, us]) => `${(us / 1000).toFixed(1).padStart(9)} ms  ${k}`);
}

function main(): void {
	const [file, ...rest] = process.argv.slice(2);
	const flag = (name: string) => {
		const i = rest.indexOf(name);
		return i >= 0 ? rest[i + 1] : undefined;
	};
	const root = new RegExp(flag('--root') ?? '.');
	const window = flag('--window')?.split(',').map((v) => Number(v) * 1000);
	const count = Number(flag('--top') ?? 25);
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

	const stackOf = (i: number) => {
		const stack: ProfileNode[] = [];
		for (let id: number | undefined = profile.samples[i]; id !== undefined; id = parent.get(id)) stack.push(byId.get(id)!);
		return stack;
	};
	const at: number[] = [];
	let clock = 0;
	for (let i = 0; i < profile.samples.length; i++) at.push((clock += profile.timeDeltas[i] ?? 0));
	const windows: Array<[number, number]> = [];
	if (window) {
		let last = -Infinity;
		for (let i = 0; i < profile.samples.length; i++) {
			if (!stackOf(i).some((n) => root.test(label(n)))) continue;
			if (at[i] - last > 5_000_000) windows.push([at[i] - window[0], at[i] + window[1]]);
			last = at[i];
		}
		console.log(`runs at ${windows.map(([a]) => `${((a + window[0]) / 1e6).toFixed(1)} s`).join(', ')}`);
	}
	const self = new Map<string, number>();
	const total = new Map<string, number>();
	const byOwner = new Map<string, number>();
	let underRoot = 0;
	let all = 0;
	for (let i = 0; i < profile.samples.length; i++) {
		const us = profile.timeDeltas[i + 1] ?? 0;
		all += us;
		const stack = stackOf(i);
		let rootAt = stack.length - 1;
		if (window) {
			if (!windows.some(([a, b]) => at[i] >= a && at[i] < b)) continue;
		} else {
			rootAt = stack.findIndex((n) => root.test(label(n)));
			if (rootAt < 0) continue;
		}
		underRoot += us;
		const leaf = label(stack[0]);
		self.set(leaf, (self.get(leaf) ?? 0) + us);
		byOwner.set(owner(stack[0]), (byOwner.get(owner(stack[0])) ?? 0) + us);
		for (const name of new Set(stack.slice(0, rootAt + 1).map(label))) total.set(name, (total.get(name) ?? 0) + us);
	}
	console.log(`${file}: ${(all / 1000).toFixed(0)} ms sampled, ${(underRoot / 1000).toFixed(1)} ms under /${root.source}/`);
	console.log('\nself time by package:');
	for (const line of top(byOwner, count)) console.log(line);
	console.log('\nself time under the root:');
	for (const line of top(self, count)) console.log(line);
	console.log('\ntotal (inclusive) time under the root:');
	for (const line of top(total, count)) console.log(line);
}

main();
