import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { mkdirSync, rmSync } from 'node:fs';

import { SCENARIOS } from './scenarios';

/**
 * One repetition of one case, in a fresh process (started by run.ts with --expose-gc), so no scenario's heap,
 * JIT state or peak RSS bleeds into another's. Sends { ok, result } to the parent over IPC.
 */

// n8n-core writes an encryption key under $N8N_USER_FOLDER/.n8n on first load; keep it out of $HOME.
if (!process.env.N8N_USER_FOLDER) {
	const dir = path.join(os.tmpdir(), `n8n-tiktok-bench-${process.pid}`);
	mkdirSync(dir, { recursive: true });
	process.env.N8N_USER_FOLDER = dir;
	process.on('exit', () => rmSync(dir, { recursive: true, force: true }));
}
// Nothing is stored encrypted here; a key from the start keeps n8n-core from generating and announcing one.
process.env.N8N_ENCRYPTION_KEY ??= randomBytes(24).toString('hex');

async function main(): Promise<void> {
	const [scenarioId, caseId] = process.argv.slice(2);
	const scenario = SCENARIOS.find((s) => s.id === scenarioId);
	const benchCase = scenario?.cases.find((c) => c.id === caseId);
	if (!benchCase) throw new Error(`unknown case ${scenarioId}/${caseId}`);
	const result = await benchCase.run();
	reply({ ok: true, result }, 0);
}

/** Exits once the message is out: keep-alive sockets or runner timers must not keep a finished child alive. */
function reply(message: unknown, code: number): void {
	if (!process.send) {
		console.log(JSON.stringify(message, null, 2));
		process.exit(code);
	}
	process.send(message, () => process.exit(code));
}

main().catch((error) => reply({ ok: false, error: (error as Error).stack ?? String(error) }, 1));
