/** One measured run of a case, produced in a fresh child process. */
export interface CaseRun {
	/** Named figures; the runner reports the median of each over the repetitions. */
	metrics: Record<string, number>;
	/** Facts that must be identical in every repetition (counts of requests, items…); the runner checks them. */
	checks?: Record<string, number | string>;
}

export interface BenchCase {
	id: string;
	/** Repetitions by default (each in its own process); `--reps N` overrides. */
	reps: number;
	run(): Promise<CaseRun>;
}

export type Medians = Record<string, Record<string, number>>;

export interface TableRow {
	scenario: string;
	figure: string;
	value: string;
	/** What it is compared with (ratio, target), or ''. */
	ratio: string;
	target: string;
	/** 'met' | 'MISSED' | '' (no target). */
	verdict: '' | 'met' | 'MISSED' | 'n/a';
}

export interface Scenario {
	id: string;
	title: string;
	cases: BenchCase[];
	/** Whether a baseline needs n8n's own nodes (n8n-nodes-base@2.41.1, installed outside the repo). */
	needsN8nNodes?: boolean;
	/** Why the scenario cannot run against the built package at `root` (e.g. its node is not built yet). */
	unavailable?(root: string): string | undefined;
	/** Turns the medians of every case (by case id) into table rows and notes. */
	summarize(medians: Medians, checks: Record<string, CaseRun['checks']>): { rows: TableRow[]; notes: string[] };
}
