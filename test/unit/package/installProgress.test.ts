import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import {
	countInstalledPackages,
	countOutputLine,
	emptyCounts,
	formatElapsed,
	formatProgress,
	OutputTracker,
	PROGRESS_INTERVAL_MS,
	startProgress,
} from '../../../scripts/n8n/installProgress';

// Lines as npm 11 prints them with --loglevel=http.
const MANIFEST = 'npm http fetch GET 200 https://registry.npmjs.org/is-odd 264ms (cache miss)';
const TARBALL = 'npm http fetch GET 200 https://registry.npmjs.org/is-odd/-/is-odd-3.0.1.tgz 188ms (cache miss)';
const CACHED_TARBALL = 'npm http cache is-number@https://registry.npmjs.org/is-number/-/is-number-7.0.0.tgz 0ms (cache hit)';
const SCOPED_TARBALL = 'npm http fetch GET 200 https://registry.npmjs.org/@n8n/di/-/di-0.9.0.tgz 40ms (cache miss)';

describe('countOutputLine', () => {
	it('counts manifests and tarballs (fetched or cached) separately', () => {
		const counts = [MANIFEST, TARBALL, CACHED_TARBALL, SCOPED_TARBALL, MANIFEST].reduce(countOutputLine, emptyCounts());
		expect(counts).toMatchObject({ manifests: 2, tarballs: 3 });
	});

	it('keeps the latest non-empty line (the compiler step during the sqlite3 build) and ignores blank lines', () => {
		const counts = ['  CXX(target) Release/obj.target/node_sqlite3/src/database.o', '   ', ''].reduce(countOutputLine, emptyCounts());
		expect(counts).toEqual({ manifests: 0, tarballs: 0, lastLine: 'CXX(target) Release/obj.target/node_sqlite3/src/database.o' });
	});

	it('does not count other npm output as a fetch', () => {
		const counts = ['npm warn EBADENGINE Unsupported engine', 'added 1904 packages in 5m'].reduce(countOutputLine, emptyCounts());
		expect(counts).toMatchObject({ manifests: 0, tarballs: 0, lastLine: 'added 1904 packages in 5m' });
	});
});

describe('OutputTracker', () => {
	it('counts lines split across chunks once, and waits for the end of a partial line', () => {
		const tracker = new OutputTracker();
		const text = `${MANIFEST}\n${TARBALL}\r\n${CACHED_TARBALL}\n`;
		for (let i = 0; i < text.length; i += 7) tracker.feed(text.slice(i, i + 7));
		expect(tracker.counts).toMatchObject({ manifests: 1, tarballs: 2 });

		tracker.feed(SCOPED_TARBALL.slice(0, 30));
		expect(tracker.counts.tarballs).toBe(2);
		tracker.feed(`${SCOPED_TARBALL.slice(30)}\n`);
		expect(tracker.counts.tarballs).toBe(3);
	});
});

describe('formatElapsed', () => {
	it.each([
		[0, '0 s'],
		[7_400, '7 s'],
		[59_999, '59 s'],
		[60_000, '1 min 00 s'],
		[125_000, '2 min 05 s'],
		[12 * 60_000 + 3_000, '12 min 03 s'],
	])('%d ms → %s', (ms, text) => {
		expect(formatElapsed(ms)).toBe(text);
	});
});

describe('formatProgress', () => {
	it('shows elapsed time, packages unpacked and npm fetch counts during an npm install', () => {
		const counts = { manifests: 1530, tarballs: 1198, lastLine: TARBALL };
		expect(formatProgress({ elapsedMs: 125_000, counts, installedPackages: 1204 })).toBe(
			'        … 2 min 05 s: 1,204 packages in node_modules, 1,530 manifests, 1,198 tarballs fetched',
		);
	});

	it("shows the build's current line when npm fetches nothing, shortened to one terminal line", () => {
		const lastLine = `CXX(target) Release/obj.target/node_sqlite3/${'x'.repeat(200)}.o`;
		const line = formatProgress({ elapsedMs: 31_000, counts: { manifests: 0, tarballs: 0, lastLine } });
		expect(line.startsWith('        … 31 s: CXX(target) Release/obj.target/node_sqlite3/')).toBe(true);
		expect(line.endsWith('…')).toBe(true);
		expect(line.length).toBeLessThanOrEqual(120);
	});

	it('is just the elapsed time before anything happened', () => {
		expect(formatProgress({ elapsedMs: 5_000, counts: emptyCounts() })).toBe('        … 5 s');
		expect(formatProgress({ elapsedMs: 5_000, counts: emptyCounts(), installedPackages: 0 })).toBe('        … 5 s: 0 packages in node_modules');
	});
});

describe('countInstalledPackages', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(join(tmpdir(), 'tiktok-progress-'));
		for (const name of ['n8n', 'lodash', '@n8n/di', '@n8n/config', '@types/node', '.bin']) mkdirSync(join(dir, name), { recursive: true });
		writeFileSync(join(dir, '.package-lock.json'), '{}');
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('counts plain and scoped packages, not npm bookkeeping', () => {
		expect(countInstalledPackages(dir)).toBe(5);
	});

	it('is 0 before npm created node_modules', () => {
		expect(countInstalledPackages(join(dir, 'missing'))).toBe(0);
	});
});

describe('startProgress', () => {
	beforeEach(() => jest.useFakeTimers());
	afterEach(() => jest.useRealTimers());

	it('prints a line at least every 5 seconds until stopped', () => {
		expect(PROGRESS_INTERVAL_MS).toBeLessThanOrEqual(5000);
		const lines: string[] = [];
		let elapsedMs = 0;
		const stop = startProgress(() => ({ elapsedMs, counts: emptyCounts() }), (line) => lines.push(line));
		for (let tick = 0; tick < 4; tick++) {
			elapsedMs += PROGRESS_INTERVAL_MS;
			jest.advanceTimersByTime(PROGRESS_INTERVAL_MS);
		}
		expect(lines).toEqual(['        … 5 s', '        … 10 s', '        … 15 s', '        … 20 s']);
		stop();
		jest.advanceTimersByTime(60_000);
		expect(lines).toHaveLength(4);
	});
});
