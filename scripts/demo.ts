/**
 * `npm run demo` — the package in a real n8n, end to end, on this machine only:
 * builds the package, starts the TikTok emulator, installs (first run, cached outside the repo) and starts n8n
 * with the package installed like a community node, creates the TikTok credential, imports and activates the
 * examples, drives them (signed lead webhooks, a scripted Messenger conversation, the nightly audience sync on a
 * seeded segment, the polling lead trigger's first poll), prints a short report and keeps n8n running until Ctrl-C.
 *
 * Flags: --exit (stop after the report), --port N (default 5678, or a free port when 5678 is taken).
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

import {
	driveAudience,
	driveLeadPoll,
	driveLeads,
	driveMessenger,
	driveRealtime,
	driveReport,
	type AudienceRun,
	type LeadPollRun,
	type LeadRun,
	type MessengerRun,
	type RealtimeRun,
	type ReportRun,
} from './n8n/drive';
import { REPO_ROOT } from './n8n/server';
import { startStack, type Stack } from './n8n/stack';

const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const say = (line: string) => console.log(`[${elapsed()}] ${line}`);
const fmt = (n: number) => n.toLocaleString('en-US');

function parseArgs(argv: string[]): { exit: boolean; port?: number } {
	const out: { exit: boolean; port?: number } = { exit: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--exit') out.exit = true;
		else if (arg === '--port' || arg.startsWith('--port=')) {
			const value = arg.includes('=') ? arg.split('=')[1] : argv[++i];
			const port = Number(value);
			if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`--port needs a port number, got "${value}"`);
			out.port = port;
		} else if (arg === '--help' || arg === '-h') {
			console.log('Usage: npm run demo [-- --exit] [-- --port 5678]');
			process.exit(0);
		} else throw new Error(`Unknown argument "${arg}". Try --help.`);
	}
	return out;
}

async function portIsFree(port: number): Promise<boolean> {
	return await new Promise((resolve) => {
		const server = createServer();
		server.once('error', () => resolve(false));
		server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
	});
}

async function build(): Promise<void> {
	await new Promise<void>((resolve, reject) => {
		const child = spawn('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`npm run build failed (exit ${code})`))));
	});
}

function leadLines(run: LeadRun): string[] {
	const repeats = run.delivered - run.leads.length;
	const accepted = new Set(run.crmEvents.map((e) => e.lead?.lead_id)).size;
	return [
		`Leads      TikTok delivered ${run.leads.length} leads in ${run.deliveries.length} signed webhook calls (+${repeats} repeat) → ` +
			`trigger passed on ${run.received} → ${run.kept} new to the CDP → ${run.contacts.length} contacts in the CDP table → ` +
			`${accepted} CRM events (Lead) accepted by TikTok`,
		`           ${run.forwarded.length} POSTs to the Extend Parameters URL; every delivery answered HTTP ${[...new Set(run.deliveries.map((d) => d.status))].join('/')}`,
	];
}

function leadPollLines(run: LeadPollRun): string[] {
	const accepted = new Set(run.crmEvents.map((e) => e.lead?.lead_id)).size;
	return [
		`Lead poll  first poll at activation: ${run.tasks} lead download tasks → ${run.firstPoll.length} leads of the last day ` +
			`(TikTok held ${run.expected.length}) → ${run.contacts.length} contacts in the CDP table → ${accepted} CRM events (Lead) accepted by TikTok`,
	];
}

function messengerLines(run: MessengerRun): string[] {
	const counts = (names: string[]) => {
		const byName = new Map<string, number>();
		for (const name of names) byName.set(name, (byName.get(name) ?? 0) + 1);
		return [...byName].map(([name, n]) => `${name} ×${n}`).join(', ') || 'none';
	};
	const atTikTok = run.tikTokEvents.map((e) => e.event);
	const exact = counts(atTikTok.slice().sort()) === counts(run.expected.map((e) => e.name).sort());
	return [
		`Messenger  ${run.steps.length} webhook calls (${run.mode === 'burst' ? 'all at once' : 'one at a time'}, Messenger posts signed, orders with the shop secret) → ` +
			`${run.executions.length} executions in ${(run.ms / 1000).toFixed(1)} s; activity log in the Data table "messaging_log"`,
		`           TikTok kept ${counts(atTikTok)} — ${exact ? 'exactly' : 'NOT'} what the rules give (${counts(run.expected.map((e) => e.name))}); ` +
			`${run.duplicatesAtTikTok} racing duplicate(s) dropped by TikTok's event_id de-duplication`,
		...run.tikTokEvents.map((e) => `             ${String(e.event).padEnd(18)} event_id ${String(e.event_id)}`),
	];
}

function audienceLines(run: AudienceRun): string[] {
	const s = run.summary;
	const n = (k: string) => Number(s[k] ?? 0);
	return [
		`Audience   segment vip_customers: ${fmt(n('valid'))} valid of ${fmt(n('total'))} members (${n('invalid')} invalid, ${n('duplicates')} duplicates, ${n('empty')} empty) → ` +
			`"${String(s.audienceName)}" replaced: ${fmt(run.membersAfter.size)} members at TikTok ` +
			`(+${fmt([...run.membersAfter].filter((m) => !run.membersBefore.has(m)).length)} joined, ` +
			`−${fmt([...run.membersBefore].filter((m) => !run.membersAfter.has(m)).length)} left)`,
	];
}

function reportLines(run: ReportRun & { historyRows: number }): string[] {
	const rows = run.rowsAfterSecond;
	const sum = (k: string) => rows.reduce((total, r) => total + (typeof r[k] === 'number' ? (r[k] as number) : 0), 0);
	const currency = String(rows[0]?.currency ?? '');
	return [
		`Report     ${rows.length} campaign-days in tiktok_campaign_daily (after 2 runs: upserted, not duplicated): ` +
			`spend ${fmt(Math.round(sum('spend')))} ${currency}, ${fmt(sum('conversations'))} conversations, ${fmt(sum('orders'))} orders`,
		`           audience sync history: ${run.historyRows} row(s) in tiktok_audience_history`,
	];
}

function realtimeLines(run: RealtimeRun): string[] {
	return [
		`Real time  ${run.statuses.length} shop events → segment audience holds ${run.members.size} hashed ids ` +
			`(${run.expected.emails.length} buyers who stayed subscribed, email + phone); unsigned post answered ${run.forgedStatus}`,
	];
}

async function main(): Promise<void> {
	const args = parseArgs(process.argv.slice(2));
	let port = args.port ?? 5678;
	if (!(await portIsFree(port))) {
		if (args.port) throw new Error(`port ${port} is in use`);
		say('port 5678 is in use: n8n gets a free port instead');
		port = 0;
	}

	say('building the package (npm run build)');
	await build();

	say('TikTok emulator, n8n and the examples');
	const stack: Stack = await startStack({ port: port || undefined, log: (line) => say(line) });
	let stopping = false;
	const stop = async (code: number) => {
		if (stopping) return;
		stopping = true;
		say('stopping n8n and the emulator');
		await stack.stop();
		process.exit(code);
	};
	process.once('SIGINT', () => void stop(0));
	process.once('SIGTERM', () => void stop(0));

	try {
		say('flow 2: TikTok delivers signed lead webhooks to the trigger');
		const leads = await driveLeads(stack);
		say('flow 3: a Messenger conversation and its order hit the webhook');
		const messenger = await driveMessenger(stack, 'burst');
		say('flow 1: the nightly audience sync runs on the seeded segment');
		const audience = await driveAudience(stack);
		say('flow 5: shop events change a segment audience in real time');
		const realtime = await driveRealtime(stack);
		say('flow 4: the morning report runs twice (the second run re-reads the same days)');
		const report = { ...(await driveReport(stack)), historyRows: audience.history.length };
		say('flow 6: the polling lead trigger is activated and reads the last day of leads');
		const leadPoll = await driveLeadPoll(stack);

		console.log('');
		console.log('== Report');
		const lines = [...leadLines(leads), ...messengerLines(messenger), ...audienceLines(audience), ...reportLines(report)];
		for (const line of [...lines, ...realtimeLines(realtime), ...leadPollLines(leadPoll)]) console.log(line);
		console.log(
			`Timing     n8n install ${(stack.timings.installMs / 1000).toFixed(0)} s (cached after the first run), start ${(stack.timings.startMs / 1000).toFixed(1)} s, total ${elapsed().trim()}`,
		);
		console.log('');
	} catch (error) {
		console.error(`demo failed: ${(error as Error).message}`);
		console.error(`n8n log (last lines):\n${stack.n8n.logTail(30)}`);
		await stop(1);
		return;
	}

	if (args.exit) {
		await stop(0);
		return;
	}
	console.log(`n8n is running at ${stack.n8n.baseUrl}`);
	console.log(`  login:     ${stack.owner.email} / ${stack.owner.password}`);
	console.log(`  workflows: ${Object.values(stack.workflows).map((w) => `${stack.n8n.baseUrl}/workflow/${w.id}`).join('\n             ')}`);
	console.log(`  TikTok emulator: ${stack.emu.baseUrl} (credential "${stack.credential.name}")`);
	console.log('Ctrl-C stops n8n and the emulator.');
}

main().catch((error) => {
	console.error(`demo: ${(error as Error).message}`);
	process.exit(1);
});
