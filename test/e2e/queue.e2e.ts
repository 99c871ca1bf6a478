/**
 * The examples in n8n 2.41.1 queue mode — PostgreSQL, Redis, one main, two workers, one webhook processor, this
 * package installed in each — under concurrent load with restarts. Assertions are on what the CDP table holds and
 * what TikTok (the emulator) kept after its event_id deduplication; the suite prints a report per scenario.
 */
import { driveLeadStorm, driveQueueAudience, formatReport, type LeadStormRun, type QueueAudienceRun, type Tally } from '../../scripts/n8n/queueDrive';
import { driveMessengerBursts, type MessengerBurstRun } from '../../scripts/n8n/queueMessenger';
import { startQueueStack, type QueueStack } from '../../scripts/n8n/queueStack';

const log = (line: string) => process.stdout.write(`[queue-e2e] ${line}\n`);

let stack: QueueStack;
const tallies: Tally[] = [];
const parts: Array<[string, number]> = [];
const suiteStarted = Date.now();

/** Failure messages carry the last log lines of every n8n process. */
async function withLogs<T>(what: string, run: () => Promise<T>): Promise<T> {
	const started = Date.now();
	try {
		return await run();
	} catch (error) {
		throw new Error(`${what}: ${(error as Error).message}\n${stack?.cluster.diagnostics(30) ?? ''}`);
	} finally {
		parts.push([what, Date.now() - started]);
	}
}

beforeAll(async () => {
	const started = Date.now();
	stack = await startQueueStack({ log, workers: 2, concurrency: 4 });
	const t = stack.timings;
	parts.push(['start (services, main, workers + webhook, set-up)', Date.now() - started]);
	log(
		`Postgres + Redis ${(t.servicesMs / 1000).toFixed(1)} s, main ${(t.mainMs / 1000).toFixed(1)} s, ` +
			`workers + webhook ${(t.othersMs / 1000).toFixed(1)} s, owner, credentials, tables + example imports ${(t.setupMs / 1000).toFixed(1)} s`,
	);
}, 15 * 60_000);

afterAll(async () => {
	const started = Date.now();
	await stack?.stop();
	parts.push(['stop', Date.now() - started]);
	parts.push(['suite', Date.now() - suiteStarted]);
	log(`\n${formatReport(tallies, parts)}`);
}, 120_000);

describe('queue mode: the process layout', () => {
	it('runs a main, two workers and a webhook processor on one Postgres and one Redis', async () => {
		const { cluster } = stack;
		expect(cluster.workers.map((w) => w.running())).toEqual([true, true]);
		expect(cluster.webhook.running()).toBe(true);
		// The package is loaded by the main (the editor's node list) …
		const nodes = (await stack.client.getJson('/types/nodes.json')) as Array<{ name: string }>;
		expect(nodes.map((n) => n.name)).toContain('n8n-nodes-tiktok-ads.tikTokLeadTrigger');
		// … and production webhooks are served by the webhook processor only.
		expect(stack.urls.lead.startsWith(cluster.webhookBaseUrl)).toBe(true);
		const onMain = await fetch(stack.urls.lead.replace(cluster.webhookBaseUrl, cluster.baseUrl), { method: 'POST', body: '{}' });
		expect(onMain.status).toBe(404);
	});
});

describe('queue mode: 200 signed leads, concurrent, 20 % repeated, a worker and the webhook processor restarted', () => {
	let run: LeadStormRun;
	beforeAll(async () => {
		run = await withLogs('leads', () => driveLeadStorm(stack, log));
		tallies.push(run.tally);
	}, 12 * 60_000);

	it('answers every delivery with 200 and every execution succeeds', () => {
		expect(run.httpStatuses).toEqual({ '200': expect.any(Number) });
		expect(Object.keys(run.statuses)).toEqual(['success']);
	});

	it('holds each lead exactly once in the CDP table', () => {
		const notOnce = [...run.rowsPerLead].filter(([, n]) => n !== 1);
		expect(notOnce).toEqual([]);
		expect(run.tally).toMatchObject({ expected: 200, duplicates: 0, lost: 0 });
	});

	it('leaves TikTok with exactly one CRM event per lead', () => {
		expect([...run.eventsPerLead].filter(([, n]) => n !== 1)).toEqual([]);
	});

	it('lets no repeat through to the extra URL or to TikTok: the skip is one CDP row per lead, not a shared list', () => {
		// n8n's Remove Duplicates keeps one list of seen IDs per workflow, read and written whole by each execution:
		// parallel executions on two workers overwrite each other's additions, and the lost IDs come through again.
		expect([...run.forwardedPerLead].filter(([, n]) => n !== 1)).toEqual([]);
		expect(run.forwardedPerLead.size).toBe(200);
		expect(run.tiktokDuplicates).toBe(0);
	});

	it('ran on both workers, and on the restarted worker after its restart', () => {
		for (const [name, started] of Object.entries(run.perWorker)) expect([name, started > 0]).toEqual([name, true]);
		expect(run.restartedWorkerAfterRestart).toBeGreaterThan(0);
	});
});

describe('queue mode: the nightly audience sync', () => {
	let run: QueueAudienceRun;
	beforeAll(async () => {
		run = await withLogs('audience', () => driveQueueAudience(stack));
		tallies.push(run.tally);
	}, 10 * 60_000);

	it('runs on a worker, not on the main', () => {
		expect(run.execution.status).toBe('success');
		expect(stack.cluster.workers.map((w) => w.name)).toContain(run.ranOn);
	});

	it('leaves the audience holding exactly the segment', () => {
		expect(run.tally).toMatchObject({ expected: 1200, duplicates: 0, lost: 0 });
		expect(run.summary).toMatchObject({ action: 'REPLACE', valid: 1200, invalid: 25, duplicates: 20, empty: 15 });
	});
});

describe('queue mode: 50 Messenger conversations in concurrent bursts', () => {
	let run: MessengerBurstRun;
	beforeAll(async () => {
		run = await withLogs('messenger', () => driveMessengerBursts(stack));
		tallies.push(run.tally);
	}, 15 * 60_000);

	it('accepts every post', () => {
		expect(run.httpStatuses.filter((s) => s !== 200)).toEqual([]);
	});

	// The example's Activity Log store: every execution appends, then replays the conversation's whole log; racing
	// executions may send one event twice with the same event_id, which TikTok keeps once.
	it('TikTok keeps exactly the events of each conversation in its sequential order, nothing else', () => {
		const wrong = run.outcome.filter((o) => [...o.kept].sort().join() !== [...o.expected].sort().join());
		expect(wrong).toEqual([]);
		expect(run.unmatched).toBe(0);
		expect(run.outcome.reduce((n, o) => n + o.expected.length, 0)).toBeGreaterThan(50);
	});
});
