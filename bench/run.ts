import { execFileSync, fork } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { median } from './measure';
import { ensureNodesBase } from './n8nBase';
import { SCENARIOS } from './scenarios';
import type { CaseRun, Scenario, TableRow } from './scenarios/types';

/**
 * `npm run bench [-- <scenario>…] [--reps N] [--in-place]`
 *
 * Builds a snapshot of the working tree (so edits or rebuilds during a long run cannot change what is being
 * measured), runs every repetition of every case in a fresh child process, and reports medians, ratios against
 * baselines measured in the same run, and the targets listed in bench/README.md. Benchmarks print figures; they assert nothing.
 */

const REPO = path.resolve(__dirname, '..');
const SNAPSHOT = path.join(os.tmpdir(), 'n8n-nodes-tiktok-ads-bench', 'snapshot');
const RESULTS_JSON = path.join(REPO, 'bench', 'results.json');
const RESULTS_MD = path.join(REPO, 'bench', 'RESULTS.md');
const CASE_TIMEOUT_MS = 30 * 60 * 1000;

interface Args {
	scenarios: Scenario[];
	reps?: number;
	inPlace: boolean;
	/** Re-render RESULTS.md and the table from results.json without running anything. */
	reportOnly: boolean;
}

function parseArgs(argv: string[]): Args {
	const ids: string[] = [];
	let reps: number | undefined;
	let inPlace = false;
	let reportOnly = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--report') reportOnly = true;
		else if (arg === '--reps') reps = Number(argv[++i]);
		else if (arg.startsWith('--reps=')) reps = Number(arg.slice(7));
		else if (arg === '--in-place') inPlace = true;
		else if (arg === '--help' || arg === '-h') {
			console.log(`Usage: npm run bench -- [${SCENARIOS.map((s) => s.id).join('|')}]… [--reps N] [--in-place] [--report]`);
			process.exit(0);
		} else if (arg.startsWith('-')) throw new Error(`Unknown option ${arg}`);
		else ids.push(arg);
	}
	if (reps !== undefined && !(Number.isInteger(reps) && reps > 0)) throw new Error('--reps must be a positive integer');
	const unknown = ids.filter((id) => !SCENARIOS.some((s) => s.id === id));
	if (unknown.length) throw new Error(`Unknown scenario(s) ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.id).join(', ')}`);
	return { scenarios: ids.length ? SCENARIOS.filter((s) => ids.includes(s.id)) : SCENARIOS, reps, inPlace, reportOnly };
}

/** Copies the sources into a temp dir and builds them there (node_modules is shared through a symlink). */
function buildSnapshot(): string {
	rmSync(SNAPSHOT, { recursive: true, force: true });
	mkdirSync(SNAPSHOT, { recursive: true });
	for (const entry of ['package.json', 'tsconfig.json', 'gulpfile.js', 'nodes', 'credentials', 'test', 'emulator', 'harness', 'bench', 'scripts']) {
		cpSync(path.join(REPO, entry), path.join(SNAPSHOT, entry), {
			recursive: true,
			filter: (src) => !src.includes(`${path.sep}bench${path.sep}tmp`) && !src.endsWith('.tsbuildinfo'),
		});
	}
	symlinkSync(path.join(REPO, 'node_modules'), path.join(SNAPSHOT, 'node_modules'), 'dir');
	execFileSync('npm', ['run', '--silent', 'build'], { cwd: SNAPSHOT, stdio: ['ignore', 'ignore', 'inherit'] });
	return SNAPSHOT;
}

function runChild(root: string, scenario: string, caseId: string): Promise<CaseRun> {
	return new Promise((resolve, reject) => {
		const child = fork(path.join(root, 'bench', 'child.ts'), [scenario, caseId], {
			cwd: root,
			execArgv: ['--expose-gc', '--max-old-space-size=8192', '-r', 'ts-node/register/transpile-only'],
			stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
		});
		let reply: { ok: boolean; result?: CaseRun; error?: string } | undefined;
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${scenario}/${caseId} took longer than ${CASE_TIMEOUT_MS / 60000} min`));
		}, CASE_TIMEOUT_MS);
		child.on('message', (message) => (reply = message as typeof reply));
		child.on('exit', (code, signal) => {
			clearTimeout(timer);
			if (reply?.ok && reply.result) resolve(reply.result);
			else reject(new Error(reply?.error ?? `${scenario}/${caseId} exited with ${signal ?? code}`));
		});
	});
}

interface CaseSummary {
	reps: number;
	medians: Record<string, number>;
	runs: Array<Record<string, number>>;
	checks?: CaseRun['checks'];
	/** Checks that differed between repetitions (should be empty: same data, same answers). */
	unstable?: string[];
}

interface ScenarioResult {
	title: string;
	date: string;
	machine: Machine;
	loadAverageAtStart: number[];
	cases: Record<string, CaseSummary>;
	rows: TableRow[];
	notes: string[];
	error?: string;
}

interface Machine {
	node: string;
	cores: number;
	cpu: string;
	memoryGiB: number;
	platform: string;
}

function machine(): Machine {
	return {
		node: process.version,
		cores: os.cpus().length,
		cpu: os.cpus()[0]?.model ?? 'unknown',
		memoryGiB: Math.round(os.totalmem() / 2 ** 30),
		platform: `${os.platform()} ${os.release()}`,
	};
}

async function runScenario(root: string, scenario: Scenario, reps: number | undefined): Promise<ScenarioResult> {
	const startedAt = new Date().toISOString();
	const load = os.loadavg().map((l) => Math.round(l * 100) / 100);
	const cases: Record<string, CaseSummary> = {};
	const checks: Record<string, CaseRun['checks']> = {};
	for (const benchCase of scenario.cases) {
		const n = reps ?? benchCase.reps;
		const runs: CaseRun[] = [];
		for (let i = 0; i < n; i++) {
			process.stdout.write(`  ${scenario.id}/${benchCase.id} ${i + 1}/${n}… `);
			const t0 = performance.now();
			const run = await runChild(root, scenario.id, benchCase.id);
			process.stdout.write(`${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
			runs.push(run);
		}
		const names = Object.keys(runs[0].metrics);
		const medians = Object.fromEntries(names.map((k) => [k, median(runs.map((r) => r.metrics[k]))]));
		const unstable = Object.keys(runs[0].checks ?? {}).filter((k) => runs.some((r) => r.checks?.[k] !== runs[0].checks?.[k]));
		cases[benchCase.id] = { reps: n, medians, runs: runs.map((r) => r.metrics), checks: runs[0].checks, unstable: unstable.length ? unstable : undefined };
		checks[benchCase.id] = runs[0].checks;
	}
	const medians = Object.fromEntries(Object.entries(cases).map(([id, c]) => [id, c.medians]));
	const { rows, notes } = scenario.summarize(medians, checks);
	for (const [id, c] of Object.entries(cases)) {
		if (c.unstable) notes.push(`${id}: these checks differed between repetitions: ${c.unstable.join(', ')} (see results.json).`);
	}
	return { title: scenario.title, date: startedAt, machine: machine(), loadAverageAtStart: load, cases, rows, notes };
}

function table(rows: TableRow[]): string {
	const esc = (s: string) => s.replace(/\|/g, '\\|');
	const lines = ['| Scenario | Figure | Median | Ratio (same run) | Target | Met? |', '|---|---|---|---|---|---|'];
	for (const r of rows) {
		lines.push(`| ${esc(r.scenario)} | ${esc(r.figure)} | ${esc(r.value)} | ${esc(r.ratio)} | ${esc(r.target)} | ${r.verdict === 'MISSED' ? '**MISSED**' : r.verdict} |`);
	}
	return lines.join('\n');
}

function renderMarkdown(all: Record<string, ScenarioResult>): string {
	const ordered = SCENARIOS.map((s) => all[s.id]).filter(Boolean);
	const rows = ordered.flatMap((r) => r.rows);
	const m = ordered[0]?.machine ?? machine();
	const out = [
		'# Benchmark results',
		'',
		'Written by `npm run bench` (see bench/README.md for what each scenario measures and how). Medians of the',
		'repetitions; every ratio compares figures measured in the same run on the same machine. Benchmarks are not',
		'tests: nothing here asserts on time.',
		'',
		`Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB RAM, ${m.platform}, Node ${m.node}.`,
		'',
		table(rows),
		'',
		'## Runs',
		'',
	];
	for (const r of ordered) {
		const reps = Object.entries(r.cases).map(([id, c]) => `${id} ×${c.reps}`).join(', ');
		out.push(`- **${r.title}** — ${r.date.slice(0, 16).replace('T', ' ')} UTC, Node ${r.machine.node}, ${r.machine.cores} cores, load average at start ${r.loadAverageAtStart.join(' / ')}; repetitions: ${reps}.`);
	}
	out.push('', '## Notes', '');
	for (const r of ordered) {
		if (r.error) out.push(`- ${r.title}: did not run: ${r.error}`);
		for (const note of r.notes) out.push(`- ${note}`);
	}
	return `${out.join('\n')}\n`;
}

/** The table and notes again from the stored medians (summaries may have gained notes since the run). */
function report(): void {
	const stored = JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { generatedAt: string; scenarios: Record<string, ScenarioResult> };
	for (const scenario of SCENARIOS) {
		const r = stored.scenarios[scenario.id];
		if (!r || r.error) continue;
		const medians = Object.fromEntries(Object.entries(r.cases).map(([id, c]) => [id, c.medians]));
		const checks = Object.fromEntries(Object.entries(r.cases).map(([id, c]) => [id, c.checks]));
		const { rows, notes } = scenario.summarize(medians, checks);
		for (const [id, c] of Object.entries(r.cases)) {
			if (c.unstable) notes.push(`${id}: these checks differed between repetitions: ${c.unstable.join(', ')} (see results.json).`);
		}
		Object.assign(r, { rows, notes });
	}
	writeFileSync(RESULTS_JSON, `${JSON.stringify(stored, null, 2)}\n`);
	writeFileSync(RESULTS_MD, renderMarkdown(stored.scenarios));
	console.log(`\n${table(SCENARIOS.flatMap((s) => stored.scenarios[s.id]?.rows ?? []))}\n`);
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	if (args.reportOnly) return report();
	const m = machine();
	console.log(`n8n-nodes-tiktok-ads benchmarks — Node ${m.node}, ${m.cores} cores (${m.cpu}), ${m.memoryGiB} GiB`);
	let root = REPO;
	if (args.inPlace) {
		if (!existsSync(path.join(REPO, 'dist'))) throw new Error('--in-place needs `npm run build` first');
	} else {
		console.log(`Building a snapshot of the working tree in ${SNAPSHOT}…`);
		root = buildSnapshot();
	}
	if (args.scenarios.some((s) => s.needsN8nNodes)) ensureNodesBase((line) => console.log(line));

	const previous = existsSync(RESULTS_JSON) ? (JSON.parse(readFileSync(RESULTS_JSON, 'utf8')) as { scenarios?: Record<string, ScenarioResult> }) : {};
	const all: Record<string, ScenarioResult> = { ...(previous.scenarios ?? {}) };
	const fresh: TableRow[] = [];
	for (const scenario of args.scenarios) {
		console.log(`\n${scenario.title}`);
		const missing = scenario.unavailable?.(root);
		if (missing) {
			console.log(`  skipped: ${missing}`);
			continue;
		}
		try {
			all[scenario.id] = await runScenario(root, scenario, args.reps);
		} catch (error) {
			console.log(`  FAILED: ${(error as Error).message}`);
			all[scenario.id] = {
				title: scenario.title,
				date: new Date().toISOString(),
				machine: m,
				loadAverageAtStart: os.loadavg(),
				cases: {},
				rows: [],
				notes: [],
				error: (error as Error).message.split('\n')[0],
			};
			process.exitCode = 1;
			continue;
		}
		fresh.push(...all[scenario.id].rows);
		for (const note of all[scenario.id].notes) console.log(`  note: ${note}`);
	}
	writeFileSync(RESULTS_JSON, `${JSON.stringify({ generatedAt: new Date().toISOString(), scenarios: all }, null, 2)}\n`);
	writeFileSync(RESULTS_MD, renderMarkdown(all));
	console.log(`\n${table(fresh)}\n`);
	console.log(`Wrote ${path.relative(process.cwd(), RESULTS_JSON)} and ${path.relative(process.cwd(), RESULTS_MD)}.`);
}

main().catch((error) => {
	console.error((error as Error).stack ?? error);
	process.exit(1);
});
