/**
 * `npm run verify:package`: the release checks of test/package/ as one report for a maintainer about to tag a
 * release: the tarball's file list, n8n loading it from a user folder, n8n's scanner rules, n8n Cloud eligibility.
 * Exits 1 on any finding. Needs a build (`npm run build`).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cloudSupportStatus, formatFindings, runScan } from './n8nChecks';
import {
	checkLoadedPackage,
	type Finding,
	installTarball,
	loadInstalledPackage,
	packTarball,
	readPackageJson,
	REPO_ROOT,
	unresolvedRequires,
	unwantedFiles,
} from './tarball';

function report(title: string, problems: string[]): boolean {
	console.log(`${problems.length ? '✘' : '✔'} ${title}`);
	for (const problem of problems) console.log(`    ${problem}`);
	return problems.length === 0;
}

const lines = (findings: Finding[]) => findings.map(({ file, reason }) => `${file}: ${reason}`);

function verify(tmp: string): boolean {
	const pkg = readPackageJson();
	const packed = packTarball(tmp);
	console.log(`${pkg.name}@${pkg.version}: ${packed.files.length} files, ${packed.size} bytes packed, ${packed.unpackedSize} unpacked`);
	for (const file of packed.files) console.log(`    ${file}`);
	const installed = installTarball(packed.tarball, join(tmp, 'user'), pkg);
	const read = (file: string) => readFileSync(join(installed.packageDir, file), 'utf8');
	const summary = loadInstalledPackage(installed);
	const scans = [runScan('source', REPO_ROOT), runScan('tarball', installed.packageDir)];
	const cloud = cloudSupportStatus();
	const results = [
		report('only files n8n loads or users read', lines(unwantedFiles(packed.files))),
		report('every require() resolves inside the tarball or to n8n-workflow / Node built-ins', lines(unresolvedRequires(packed.files, read))),
		report(
			`n8n loads ${summary.nodes.length} nodes and ${summary.credentials.length} credentials with icons and codex`,
			lines(checkLoadedPackage(pkg, summary, packed.files)),
		),
		...scans.map((scan) => report(`n8n scanner rules, ${scan.leg} (${scan.files} files)`, scan.findings.length ? [formatFindings(scan.findings)] : [])),
		report('n8n-node cloud-support: eligible for n8n Cloud', cloud.eligible ? [] : [cloud.output]),
	];
	return results.every(Boolean);
}

if (!existsSync(join(REPO_ROOT, 'dist', 'credentials'))) {
	console.error('No build in dist/: run "npm run build" first');
	process.exit(1);
}
const tmp = mkdtempSync(join(tmpdir(), 'tiktok-verify-'));
let passed = false;
try {
	passed = verify(tmp);
} finally {
	rmSync(tmp, { recursive: true, force: true });
}
process.exit(passed ? 0 : 1);
