/**
 * Progress lines for the long steps of the n8n install (install.ts): the n8n `npm install` takes 5-12 minutes and
 * the sqlite3 build about one, and a silent terminal for that long looks like a hang. The counting and formatting
 * are pure (unit-tested); `startProgress` is the only part that owns a timer.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** What npm (run with `--loglevel=http`) and the build tools printed so far. */
export interface OutputCounts {
	/** Package documents (packuments) npm fetched while resolving the tree. */
	manifests: number;
	/** Package tarballs npm fetched from the registry or took from its cache. */
	tarballs: number;
	/** The latest non-empty output line (node-gyp's current compile step during the sqlite3 build). */
	lastLine: string;
}

export const emptyCounts = (): OutputCounts => ({ manifests: 0, tarballs: 0, lastLine: '' });

// `npm http fetch GET 200 https://registry.npmjs.org/is-odd/-/is-odd-3.0.1.tgz 188ms (cache miss)`
// `npm http cache is-number@https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz 0ms (cache hit)`
// `npm http fetch GET 200 https://registry.npmjs.org/is-number 41ms (cache updated)`
const NPM_HTTP_LINE = /^npm http (fetch GET \d{3}|cache) (\S+)/;

/** The counts after one more output line. */
export function countOutputLine(counts: OutputCounts, rawLine: string): OutputCounts {
	const line = rawLine.trim();
	if (!line) return counts;
	const http = NPM_HTTP_LINE.exec(line);
	if (!http) return { ...counts, lastLine: line };
	if (/\.tgz$/.test(http[2])) return { ...counts, tarballs: counts.tarballs + 1, lastLine: line };
	if (http[1].startsWith('fetch')) return { ...counts, manifests: counts.manifests + 1, lastLine: line };
	return { ...counts, lastLine: line };
}

/** Feeds a child's stdout/stderr chunks, whose line breaks fall anywhere, into `countOutputLine`. */
export class OutputTracker {
	private partial = '';
	counts: OutputCounts = emptyCounts();

	feed(chunk: string): void {
		const lines = (this.partial + chunk).split(/\r?\n|\r/);
		this.partial = lines.pop() ?? '';
		for (const line of lines) this.counts = countOutputLine(this.counts, line);
	}
}

/** `7 s`, `2 min 05 s`. */
export function formatElapsed(ms: number): string {
	const total = Math.max(0, Math.floor(ms / 1000));
	if (total < 60) return `${total} s`;
	return `${Math.floor(total / 60)} min ${String(total % 60).padStart(2, '0')} s`;
}

export interface ProgressSample {
	elapsedMs: number;
	counts: OutputCounts;
	/** Packages unpacked into node_modules so far (undefined when not measured). */
	installedPackages?: number;
}

const MAX_LINE = 90;

/** One progress line, e.g. `        … 2 min 05 s: 1,204 packages in node_modules (1,530 manifests, 1,198 tarballs)`. */
export function formatProgress(sample: ProgressSample): string {
	const parts: string[] = [];
	if (sample.installedPackages !== undefined) parts.push(`${sample.installedPackages.toLocaleString('en-US')} packages in node_modules`);
	const { manifests, tarballs, lastLine } = sample.counts;
	if (manifests || tarballs) parts.push(`${manifests.toLocaleString('en-US')} manifests, ${tarballs.toLocaleString('en-US')} tarballs fetched`);
	else if (lastLine) parts.push(lastLine.length > MAX_LINE ? `${lastLine.slice(0, MAX_LINE - 1)}…` : lastLine);
	return `        … ${formatElapsed(sample.elapsedMs)}${parts.length ? `: ${parts.join(', ')}` : ''}`;
}

/** Packages directly in a node_modules folder (scoped ones counted one by one); 0 while it does not exist. */
export function countInstalledPackages(nodeModules: string): number {
	let entries: string[];
	try {
		entries = readdirSync(nodeModules);
	} catch {
		return 0;
	}
	let count = 0;
	for (const name of entries) {
		if (name.startsWith('.')) continue;
		count += name.startsWith('@') ? countInstalledPackages(join(nodeModules, name)) : 1;
	}
	return count;
}

export const PROGRESS_INTERVAL_MS = 5000;

/** Logs `formatProgress(sample())` every `intervalMs` until the returned stop function is called. */
export function startProgress(sample: () => ProgressSample, log: (line: string) => void, intervalMs = PROGRESS_INTERVAL_MS): () => void {
	const timer = setInterval(() => log(formatProgress(sample())), intervalMs);
	timer.unref();
	return () => clearInterval(timer);
}
