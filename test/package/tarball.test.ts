import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';

import {
	checkLoadedPackage,
	installTarball,
	type InstalledPackage,
	loadInstalledPackage,
	type LoadSummary,
	type PackedTarball,
	packTarball,
	readPackageJson,
	unresolvedRequires,
	unwantedFiles,
} from '../../scripts/package/tarball';

const pkg = readPackageJson();

function filesUnder(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((name) => statSync(join(dir, name)).isFile())
		.map((name) => relative(dir, join(dir, name)).split(sep).join('/'))
		.sort();
}

/** A copy of the installed package in another user folder, minus some files, loaded by n8n. */
function loadCopyWithout(installed: InstalledPackage, tmp: string, label: string, remove: string[]): { summary: LoadSummary; files: string[] } {
	const packageDir = join(tmp, label, '.n8n', 'nodes', 'node_modules', pkg.name);
	cpSync(installed.packageDir, packageDir, { recursive: true });
	for (const file of remove) rmSync(join(packageDir, file));
	return { summary: loadInstalledPackage({ packageDir, peersDir: installed.peersDir }), files: filesUnder(packageDir) };
}

describe('npm pack: the tarball users install', () => {
	let tmp: string;
	let packed: PackedTarball;
	let installed: InstalledPackage;
	let summary: LoadSummary;

	beforeAll(() => {
		tmp = mkdtempSync(join(tmpdir(), 'tiktok-pack-'));
		packed = packTarball(tmp);
		installed = installTarball(packed.tarball, join(tmp, 'user'));
		summary = loadInstalledPackage(installed);
	}, 180_000);
	afterAll(() => rmSync(tmp, { recursive: true, force: true }));

	it('holds only compiled nodes and credentials, icons, codex files, package.json, README, LICENSE and CHANGELOG', () => {
		expect(unwantedFiles(packed.files)).toEqual([]);
		expect(filesUnder(installed.packageDir)).toEqual(packed.files);
	});

	it("every require() lands on a file in the tarball, n8n-workflow or a Node built-in (also code n8n reaches only while running)", () => {
		const read = (file: string) => readFileSync(join(installed.packageDir, file), 'utf8');
		expect(packed.files.filter((file) => file.endsWith('.js')).length).toBeGreaterThan(pkg.n8n.nodes.length);
		expect(unresolvedRequires(packed.files, read)).toEqual([]);
	});

	it('n8n loads every node and credential package.json lists, with its icons and codex, from the unpacked tarball', () => {
		expect(summary.error).toBeUndefined();
		expect(summary.packageName).toBe(pkg.name);
		expect(summary.nodes.map((node) => node.sourcePath).sort()).toEqual([...pkg.n8n.nodes].sort());
		expect(summary.credentials.map((credential) => credential.sourcePath).sort()).toEqual([...pkg.n8n.credentials].sort());
		expect(checkLoadedPackage(pkg, summary, packed.files)).toEqual([]);
	});

	it('a tarball without an icon or a codex file fails the check', () => {
		const icon = 'dist/nodes/shared/tiktok.dark.svg';
		const codex = pkg.n8n.nodes[0].replace(/\.js$/, '.json');
		expect(packed.files).toEqual(expect.arrayContaining([icon, codex]));
		const { summary: broken, files } = loadCopyWithout(installed, tmp, 'no-icon-no-codex', [icon, codex]);
		const findings = checkLoadedPackage(pkg, broken, files);
		const name = summary.nodes.find((node) => node.sourcePath === pkg.n8n.nodes[0])!.name;
		expect(findings).toEqual(
			expect.arrayContaining([
				{ file: codex, reason: `${name} has no codex file in the tarball` },
				{ file: pkg.n8n.credentials[0], reason: expect.stringContaining(`icons/${pkg.name}/${icon}, which the tarball does not contain`) },
			]),
		);
		// Every node and the credential show the dark icon.
		expect(findings.filter((finding) => finding.reason.includes(icon))).toHaveLength(pkg.n8n.nodes.length + pkg.n8n.credentials.length);
	}, 120_000);

	it('a tarball missing a module a node loads fails: n8n cannot load the package', () => {
		const shared = packed.files.find((file) => /^dist\/nodes\/shared\/.*\.js$/.test(file) && !file.includes('types'))!;
		const { summary: broken, files } = loadCopyWithout(installed, tmp, 'no-shared-module', [shared]);
		expect(broken.error).toMatch(/Cannot find module/);
		expect(checkLoadedPackage(pkg, broken, files)).toEqual([
			{ file: 'package.json', reason: expect.stringContaining('n8n could not load the package: Cannot find module') },
		]);
	}, 120_000);
});

describe('unwantedFiles', () => {
	it('names every build cache, map, declaration, test and source file the 0.1.0 tarball shipped', () => {
		const shipped = [
			'package.json',
			'README.md',
			'dist/tsconfig.tsbuildinfo',
			'dist/package.json',
			'dist/nodes/TikTokAudience/TikTokAudience.node.js',
			'dist/nodes/TikTokAudience/TikTokAudience.node.js.map',
			'dist/nodes/TikTokAudience/TikTokAudience.node.d.ts',
			'dist/nodes/TikTokAudience/upload/plan.test.js',
			'dist/test/nodes/audience.js',
			'nodes/TikTokAudience/TikTokAudience.node.ts',
			'dist/.DS_Store',
		];
		expect(unwantedFiles(shipped)).toEqual([
			{ file: 'dist/tsconfig.tsbuildinfo', reason: 'TypeScript build cache' },
			{ file: 'dist/package.json', reason: "the compiler's copy of package.json" },
			{ file: 'dist/nodes/TikTokAudience/TikTokAudience.node.js.map', reason: expect.stringMatching(/^source map/) },
			{ file: 'dist/nodes/TikTokAudience/TikTokAudience.node.d.ts', reason: expect.stringMatching(/^type declarations/) },
			{ file: 'dist/nodes/TikTokAudience/upload/plan.test.js', reason: 'test file' },
			{ file: 'dist/test/nodes/audience.js', reason: 'test file' },
			{ file: 'nodes/TikTokAudience/TikTokAudience.node.ts', reason: 'TypeScript source' },
			{ file: 'dist/.DS_Store', reason: 'not something n8n loads or users read' },
			{ file: 'LICENSE', reason: 'missing from the tarball' },
			{ file: 'CHANGELOG.md', reason: 'missing from the tarball' },
		]);
	});
});

describe('unresolvedRequires', () => {
	it('names relative requires that miss the tarball and packages n8n does not provide', () => {
		const sources: Record<string, string> = {
			'dist/nodes/A/A.node.js': [
				'const n8n_workflow_1 = require("n8n-workflow");',
				'const crypto = require("node:crypto");',
				'const zlib = require("zlib");',
				'const helper = require("../Shared/helper");',
				'const gone = require("./gone");',
				'const index = require("../Shared");',
				"const zod = require('zod');",
			].join('\n'),
			'dist/nodes/Shared/helper.js': '',
			'dist/nodes/Shared/index.js': '',
		};
		expect(unresolvedRequires(Object.keys(sources), (file) => sources[file])).toEqual([
			{ file: 'dist/nodes/A/A.node.js', reason: 'requires "./gone", which the tarball does not contain' },
			{ file: 'dist/nodes/A/A.node.js', reason: `requires "zod": n8n gives a community package only n8n-workflow and Node's built-in modules` },
		]);
	});
});
