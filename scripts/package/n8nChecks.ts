/**
 * n8n's own checks for a community package, run locally: the static analysis of its scanner (scan.mjs) and the
 * node CLI's n8n Cloud eligibility (`n8n-node cloud-support`: strict mode and n8n's unmodified ESLint config).
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { REPO_ROOT } from './tarball';

export interface ScanFinding {
	file: string;
	line: number;
	rule: string | null;
	severity: 'error' | 'warning';
	message: string;
}

export interface ScanResult {
	leg: 'source' | 'tarball';
	/** Files the scanner's patterns matched. */
	files: number;
	findings: ScanFinding[];
}

/** The scanner's rules on a folder: `source` for the repository, `tarball` for an unpacked `npm pack`. */
export function runScan(leg: ScanResult['leg'], folder: string): ScanResult {
	// eslint-plugin-n8n-nodes-base changes how it reads file names under NODE_ENV=test (its own rule tests): the
	// scanner runs under npx without it, and so does this.
	const env = { ...process.env };
	delete env.NODE_ENV;
	const child = spawnSync(process.execPath, [join(__dirname, 'scan.mjs'), leg, folder], { cwd: REPO_ROOT, encoding: 'utf8', env });
	const lastLine = child.stdout.trim().split('\n').pop() ?? '';
	if (child.status !== 0 || !lastLine.startsWith('{')) throw new Error(`scan ${leg} ${folder} failed (${child.status}): ${child.stderr}`);
	return JSON.parse(lastLine) as ScanResult;
}

export function formatFindings(findings: ScanFinding[]): string {
	return findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule ?? ''} ${f.message}`).join('\n');
}

/** `n8n-node cloud-support` without arguments reports whether the package qualifies for n8n Cloud verification. */
export function cloudSupportStatus(root = REPO_ROOT): { eligible: boolean; output: string } {
	const child = spawnSync(join(root, 'node_modules', '.bin', 'n8n-node'), ['cloud-support'], {
		cwd: root,
		encoding: 'utf8',
		input: '',
		env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
	});
	const output = `${child.stdout}${child.stderr}`;
	return { eligible: child.status === 0 && output.includes('Cloud support is ENABLED'), output };
}
