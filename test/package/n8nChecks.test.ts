import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { cloudSupportStatus, formatFindings, runScan } from '../../scripts/package/n8nChecks';
import { installTarball, type PackedTarball, packTarball, readPackageJson, REPO_ROOT } from '../../scripts/package/tarball';

const pkg = readPackageJson();

describe("n8n's community-package scanner rules", () => {
	let tmp: string;
	let packed: PackedTarball;
	let packageDir: string;

	beforeAll(() => {
		tmp = mkdtempSync(join(tmpdir(), 'tiktok-scan-'));
		packed = packTarball(tmp);
		packageDir = installTarball(packed.tarball, join(tmp, 'user')).packageDir;
	}, 120_000);
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));

	it('find nothing in the sources (nodes/, credentials/, codex files, package.json)', () => {
		const result = runScan('source', REPO_ROOT);
		expect(formatFindings(result.findings)).toBe('');
		// Every node and credential source, the codex files and package.json were linted.
		expect(result.files).toBeGreaterThanOrEqual(2 * pkg.n8n.nodes.length + pkg.n8n.credentials.length + 1);
	}, 180_000);

	it('find nothing in the unpacked tarball (compiled JavaScript and package.json)', () => {
		const result = runScan('tarball', packageDir);
		expect(formatFindings(result.findings)).toBe('');
		expect(result.files).toBe(packed.files.filter((file) => file.endsWith('.js')).length + 1);
	}, 180_000);

	it('catch what n8n Cloud refuses in a shipped file (console, process, a dependency)', () => {
		const planted = join(tmp, 'planted');
		mkdirSync(join(planted, 'dist', 'nodes'), { recursive: true });
		writeFileSync(join(planted, 'package.json'), JSON.stringify(pkg));
		writeFileSync(
			join(planted, 'dist', 'nodes', 'Planted.node.js'),
			['"use strict";', 'const axios = require("axios");', 'console.log(process.env.HOME, axios);', ''].join('\n'),
		);
		const result = runScan('tarball', planted);
		expect(result.findings.map((finding) => [finding.file, finding.rule, finding.severity])).toEqual(
			expect.arrayContaining([
				['dist/nodes/Planted.node.js', '@n8n/community-nodes/no-restricted-imports', 'error'],
				['dist/nodes/Planted.node.js', 'no-console', 'error'],
				['dist/nodes/Planted.node.js', '@n8n/community-nodes/no-restricted-globals', 'error'],
			]),
		);
	}, 180_000);
});

describe('n8n-node cloud-support', () => {
	it('reports the package eligible for n8n Cloud verification (strict mode, unmodified n8n ESLint config)', () => {
		const status = cloudSupportStatus();
		expect(status.output).toContain('Strict mode: enabled');
		expect(status.output).toContain('ESLint config: using default config');
		expect(status.eligible).toBe(true);
	}, 60_000);
});
