/**
 * The published package as users get it: `npm pack`, unpacked into an n8n user folder the way
 * `npm install n8n-nodes-tiktok-ads` in `~/.n8n/nodes` lays it out, loaded by n8n-core in a child process
 * (loadInstalled.ts), plus the checks a release must pass. The checks are pure functions over the file list and the
 * load summary, so tests can also feed them a broken package.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, posix, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '..', '..');

export interface PackageJson {
	name: string;
	version: string;
	homepage: string;
	n8n: { nodes: string[]; credentials: string[] };
}

export function readPackageJson(root = REPO_ROOT): PackageJson {
	return JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as PackageJson;
}

export interface PackedTarball {
	tarball: string;
	/** Paths inside the package, `/`-separated, e.g. `dist/nodes/shared/tiktok.svg`. */
	files: string[];
	size: number;
	unpackedSize: number;
}

/** `npm pack` of the current build (dist/ must be built) into `destDir`. */
export function packTarball(destDir: string, root = REPO_ROOT): PackedTarball {
	const result = spawnSync('npm', ['pack', '--json', '--pack-destination', destDir], { cwd: root, encoding: 'utf8' });
	if (result.status !== 0) throw new Error(`npm pack failed (${result.status}): ${result.stderr}`);
	const [packed] = JSON.parse(result.stdout) as Array<{ filename: string; files: Array<{ path: string }>; size: number; unpackedSize: number }>;
	return {
		tarball: join(destDir, packed.filename),
		files: packed.files.map((file) => file.path).sort(),
		size: packed.size,
		unpackedSize: packed.unpackedSize,
	};
}

export interface InstalledPackage {
	/** `<user folder>/.n8n/nodes/node_modules/<package name>` */
	packageDir: string;
	/** A node_modules folder holding only n8n-workflow: what the package may resolve besides itself. */
	peersDir: string;
}

/** Unpacks the tarball where n8n looks for community packages, as a manual `npm install` in ~/.n8n/nodes leaves it. */
export function installTarball(tarball: string, userFolder: string, pkg: PackageJson = readPackageJson()): InstalledPackage {
	const nodesDir = join(userFolder, '.n8n', 'nodes');
	const packageDir = join(nodesDir, 'node_modules', pkg.name);
	mkdirSync(packageDir, { recursive: true });
	const tar = spawnSync('tar', ['-xzf', tarball, '-C', packageDir, '--strip-components=1'], { encoding: 'utf8' });
	if (tar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${tar.stderr}`);
	writeFileSync(join(nodesDir, 'package.json'), JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }));
	const peersDir = join(userFolder, 'n8n-peers', 'node_modules');
	mkdirSync(peersDir, { recursive: true });
	symlinkSync(dirname(require.resolve('n8n-workflow/package.json', { paths: [REPO_ROOT] })), join(peersDir, 'n8n-workflow'), 'dir');
	return { packageDir, peersDir };
}

export interface LoadedEntry {
	/** The path n8n loaded it from, as listed in package.json `n8n.nodes` / `n8n.credentials`. */
	sourcePath: string;
	name: string;
	displayName: string;
	version?: number | number[];
	/** `icons/<package>/<path in the package>` for each theme, as the editor requests them. */
	iconUrls: string[];
	codex?: {
		categories?: string[];
		alias?: string[];
		resources?: { primaryDocumentation?: Array<{ url: string }>; credentialDocumentation?: Array<{ url: string }> };
	};
}

export interface LoadSummary {
	packageName: string;
	nodes: LoadedEntry[];
	credentials: LoadedEntry[];
	/** Set when n8n could not load the package (a missing file, a module it cannot resolve...). */
	error?: string;
}

/** Loads the installed package in a fresh Node process the way the n8n server does (see loadInstalled.ts). */
export function loadInstalledPackage({ packageDir, peersDir }: InstalledPackage): LoadSummary {
	const child = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', join(__dirname, 'loadInstalled.ts'), packageDir], {
		cwd: REPO_ROOT,
		encoding: 'utf8',
		env: { ...process.env, NODE_PATH: peersDir, NODE_ENV: 'production', N8N_LOG_LEVEL: 'silent' },
	});
	const lastLine = child.stdout.trim().split('\n').pop() ?? '';
	if (child.status !== 0 || !lastLine.startsWith('{')) {
		throw new Error(`loading ${packageDir} crashed (${child.status}): ${child.stderr}${child.stdout}`);
	}
	return JSON.parse(lastLine) as LoadSummary;
}

export interface Finding {
	file: string;
	reason: string;
}

const FORBIDDEN: Array<[RegExp, string]> = [
	[/\.tsbuildinfo$/, 'TypeScript build cache'],
	[/\.map$/, 'source map (not shipped: n8n never loads them and they point at TypeScript sources the package does not contain)'],
	[/\.d\.ts$/, 'type declarations (nothing imports this package as a library)'],
	[/^dist\/package\.json$/, "the compiler's copy of package.json"],
	[/(^|\/)(test|tests|__tests__|__mocks__)\/|\.(test|spec)\.[cm]?[jt]s$/, 'test file'],
	[/\.[cm]?ts$/, 'TypeScript source'],
];

const ALLOWED: RegExp[] = [
	/^package\.json$/,
	/^README\.md$/,
	/^LICENSE$/,
	/^CHANGELOG\.md$/,
	/^dist\/(nodes|credentials)\/.+\.js$/,
	/^dist\/nodes\/.+\.node\.json$/,
	/^dist\/(nodes|credentials)\/.+\.(svg|png)$/,
];

export const REQUIRED_DOCS = ['README.md', 'LICENSE', 'CHANGELOG.md'];

/** Files the tarball must not ship (caches, maps, tests, sources, anything n8n does not load and users do not read). */
export function unwantedFiles(files: string[]): Finding[] {
	const findings: Finding[] = [];
	for (const file of files) {
		const forbidden = FORBIDDEN.find(([pattern]) => pattern.test(file));
		if (forbidden) findings.push({ file, reason: forbidden[1] });
		else if (!ALLOWED.some((pattern) => pattern.test(file))) findings.push({ file, reason: 'not something n8n loads or users read' });
	}
	for (const doc of REQUIRED_DOCS) if (!files.includes(doc)) findings.push({ file: doc, reason: 'missing from the tarball' });
	return findings;
}

const REQUIRE_CALL = /\brequire\(\s*["']([^"']+)["']\s*\)/g;
const PROVIDED = new Set(['n8n-workflow', ...builtinModules]);

function resolvesInside(files: Set<string>, from: string, spec: string): boolean {
	const target = posix.normalize(posix.join(posix.dirname(from), spec));
	return [target, `${target}.js`, `${target}.json`, `${target}/index.js`].some((candidate) => files.has(candidate));
}

/**
 * Every `require()` in the compiled code, including those n8n only reaches while a workflow runs: relative ones must
 * land on a file in the tarball, bare ones on what n8n gives a community package (n8n-workflow, Node built-ins).
 */
export function unresolvedRequires(files: string[], read: (file: string) => string): Finding[] {
	const fileSet = new Set(files);
	const findings: Finding[] = [];
	for (const file of files.filter((name) => name.endsWith('.js'))) {
		for (const [, spec] of read(file).matchAll(REQUIRE_CALL)) {
			if (spec.startsWith('.')) {
				if (!resolvesInside(fileSet, file, spec)) findings.push({ file, reason: `requires "${spec}", which the tarball does not contain` });
			} else if (!PROVIDED.has(spec.replace(/^node:/, ''))) {
				findings.push({ file, reason: `requires "${spec}": n8n gives a community package only n8n-workflow and Node's built-in modules` });
			}
		}
	}
	return findings;
}

function iconFindings(entry: LoadedEntry, pkg: PackageJson, files: string[]): Finding[] {
	if (entry.iconUrls.length === 0) return [{ file: entry.sourcePath, reason: `${entry.name} has no icon` }];
	const prefix = `icons/${pkg.name}/`;
	return entry.iconUrls
		.filter((url) => !url.startsWith(prefix) || !files.includes(url.slice(prefix.length)))
		.map((url) => ({ file: entry.sourcePath, reason: `${entry.name} shows icon ${url}, which the tarball does not contain` }));
}

function codexFindings(entry: LoadedEntry, files: string[]): Finding[] {
	const codexFile = entry.sourcePath.replace(/\.js$/, '.json');
	if (!files.includes(codexFile)) return [{ file: codexFile, reason: `${entry.name} has no codex file in the tarball` }];
	const { categories, resources } = entry.codex ?? {};
	if (!categories?.length || !resources?.primaryDocumentation?.length) {
		return [{ file: codexFile, reason: `n8n read no categories or documentation link for ${entry.name}` }];
	}
	return [];
}

/** What n8n loaded from the tarball, against what package.json promises: each node and credential, icons, codex. */
export function checkLoadedPackage(pkg: PackageJson, summary: LoadSummary, files: string[]): Finding[] {
	if (summary.error) return [{ file: 'package.json', reason: `n8n could not load the package: ${summary.error}` }];
	const findings: Finding[] = [];
	const lists: Array<[string[], LoadedEntry[], boolean]> = [
		[pkg.n8n.nodes, summary.nodes, true],
		[pkg.n8n.credentials, summary.credentials, false],
	];
	for (const [listed, loaded, isNode] of lists) {
		for (const sourcePath of listed) {
			const entry = loaded.find((candidate) => candidate.sourcePath === sourcePath);
			if (!entry) {
				findings.push({ file: sourcePath, reason: 'listed in package.json but n8n did not load it' });
				continue;
			}
			findings.push(...iconFindings(entry, pkg, files), ...(isNode ? codexFindings(entry, files) : []));
		}
	}
	return findings;
}
