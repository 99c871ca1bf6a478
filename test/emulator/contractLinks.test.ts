import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { routeModules } from '../../emulator/routes';

/**
 * Keeps the emulator traceable: every registered route names its section of docs/tiktok-api-contract.md in a
 * `// Contract:` comment right above its definition, and every link to that document (emulator, nodes,
 * credentials, tests) points at a heading that exists. A new route without a section fails here.
 */

const ROOT = join(__dirname, '../..');
const DOC = 'docs/tiktok-api-contract.md';
const LINK = /docs\/tiktok-api-contract\.md#([\w-]+)/g;

/** GitHub's heading anchors: lowercase, drop everything but letters, digits, '_', '-' and spaces, spaces → '-'. */
export function githubAnchor(heading: string): string {
	return heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}_\- ]/gu, '')
		.replace(/ /g, '-');
}

/** Anchors of every heading, with GitHub's -1, -2 … suffixes for repeated headings; code fences skipped. */
export function anchorsOf(markdown: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	let fenced = false;
	for (const line of markdown.split('\n')) {
		if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
		const match = !fenced && /^#{1,6}\s+(.+?)\s*#*\s*$/.exec(line);
		if (!match) continue;
		const base = githubAnchor(match[1]);
		const count = seen.get(base) ?? 0;
		seen.set(base, count + 1);
		anchors.add(count === 0 ? base : `${base}-${count}`);
	}
	return anchors;
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const full = join(dir, name);
		if (statSync(full).isDirectory()) return name === 'node_modules' ? [] : sourceFiles(full);
		return /\.ts$/.test(name) ? [full] : [];
	});
}

/** The `// Contract:` anchor in the comment lines right above the definition of the route `method path`. */
export function contractAnchorFor(text: string, method: string, path: string): string | undefined {
	const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
	const at = text.search(new RegExp(`method: '${method}',\\s*path: '${escaped}'`));
	if (at < 0) return undefined;
	const lines = text.slice(0, at).split('\n');
	lines.pop(); // the start of the `method:` line
	lines.pop(); // the `route({` line
	const comments: string[] = [];
	for (let line = lines.pop(); line !== undefined && /^\s*(\/\/|\/\*|\*)/.test(line); line = lines.pop()) {
		comments.push(line);
	}
	const link = comments.map((line) => /\/\/ Contract: docs\/tiktok-api-contract\.md#([\w-]+)/.exec(line)).find(Boolean);
	return link?.[1];
}

const anchors = anchorsOf(readFileSync(join(ROOT, DOC), 'utf8'));
const routeSources = sourceFiles(join(ROOT, 'emulator/routes')).map((file) => readFileSync(file, 'utf8'));
const registered = Object.entries(routeModules).flatMap(([module, mod]) =>
	mod.routes.map((route) => ({ module, method: route.method, path: route.path })),
);

describe('anchors', () => {
	it('turns headings into GitHub anchors', () => {
		expect(githubAnchor('POST /dmp/custom_audience/create/')).toBe('post-dmpcustom_audiencecreate');
		expect(githubAnchor('GET /page/lead/task/download/')).toBe('get-pageleadtaskdownload');
		expect(githubAnchor('Host, version and trailing slash')).toBe('host-version-and-trailing-slash');
		expect([...anchorsOf('# A\n## B c\n```\n# not a heading\n```\n## B c\n')]).toEqual(['a', 'b-c', 'b-c-1']);
	});

	it('finds the link of the route right below it, not of a neighbour', () => {
		const text = [
			"\t// Contract: docs/tiktok-api-contract.md#first",
			"\troute({\n\t\tmethod: 'GET',\n\t\tpath: '/a/',",
			'\t}),',
			"\troute({\n\t\tmethod: 'POST',\n\t\tpath: '/b/',",
		].join('\n');
		expect(contractAnchorFor(text, 'GET', '/a/')).toBe('first');
		expect(contractAnchorFor(text, 'POST', '/b/')).toBeUndefined();
	});
});

describe(`every emulator route links to its section of ${DOC}`, () => {
	it('registers routes at all', () => {
		expect(registered.length).toBeGreaterThan(20);
	});

	it.each(registered)('$method $path ($module)', ({ method, path }) => {
		const found = routeSources.map((text) => contractAnchorFor(text, method, path)).filter(Boolean);
		expect({ route: `${method} ${path}`, links: found }).toEqual({ route: `${method} ${path}`, links: [expect.any(String)] });
		expect(anchors.has(found[0]!)).toBe(true);
		// A route whose endpoint has its own section links to that section, not to a neighbour's.
		const own = githubAnchor(`${method} ${path}`);
		if (anchors.has(own)) expect(found[0]).toBe(own);
	});
});

describe(`every endpoint the package calls has a section in ${DOC}`, () => {
	const doc = readFileSync(join(ROOT, DOC), 'utf8');
	const sections = new Set([...doc.matchAll(/^### (?:GET|POST) (\/\S+\/)\s*$/gm)].map((m) => m[1]));
	const called = new Set(
		['nodes', 'credentials']
			.flatMap((dir) => sourceFiles(join(ROOT, dir)))
			.flatMap((file) => {
				const text = readFileSync(file, 'utf8');
				// Path literals ('/dmp/custom_audience/list/') and full URLs ('…/open_api/v1.3/user/info/').
				const literals = [...text.matchAll(/['`](\/[a-z0-9_]+\/(?:[a-z0-9_]+\/)*)['`]/g)].map((m) => m[1]);
				const urls = [...text.matchAll(/open_api\/v1\.3(\/(?:[a-z0-9_]+\/)+)/g)].map((m) => m[1]);
				return [...literals, ...urls];
			}),
	);

	it('finds the calls', () => {
		expect(called.size).toBeGreaterThanOrEqual(20);
		expect(called).toContain('/oauth2/access_token/');
	});

	it('documents each of them under a "### METHOD /path/" heading', () => {
		expect([...called].filter((path) => !sections.has(path)).sort()).toEqual([]);
	});
});

describe(`every link to ${DOC} resolves`, () => {
	const files = ['test', 'emulator', 'harness', 'nodes', 'credentials'].flatMap((dir) => sourceFiles(join(ROOT, dir)));
	const links = files.flatMap((file) =>
		[...readFileSync(file, 'utf8').matchAll(LINK)].map((m) => ({ file: relative(ROOT, file), anchor: m[1] })),
	);

	it('finds links in the emulator', () => {
		expect(links.filter((l) => l.file.startsWith('emulator/')).length).toBeGreaterThanOrEqual(registered.length);
	});

	it('has no in-document link to a missing heading', () => {
		const doc = readFileSync(join(ROOT, DOC), 'utf8');
		const internal = [...doc.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
		expect(internal.length).toBeGreaterThan(10);
		expect(internal.filter((anchor) => !anchors.has(anchor))).toEqual([]);
	});

	it('has a section for every "§ /path/" citation next to a mention of the document', () => {
		const documented = new Set(
			[...readFileSync(join(ROOT, DOC), 'utf8').matchAll(/^### (?:GET|POST) (\/\S+\/)\s*$/gm)].map((m) => m[1]),
		);
		const cited = files
			.filter((file) => !file.endsWith('contractLinks.test.ts'))
			.filter((file) => readFileSync(file, 'utf8').includes('tiktok-api-contract.md'))
			.flatMap((file) =>
				[...readFileSync(file, 'utf8').matchAll(/§ (\/[a-z0-9_]+\/(?:[a-z0-9_]+\/)*)/g)].map((m) => ({
					file: relative(ROOT, file),
					path: m[1],
				})),
			);
		expect(cited.filter((c) => !documented.has(c.path))).toEqual([]);
	});

	it('has no link to a missing heading', () => {
		const broken = links.filter((l) => !anchors.has(l.anchor) && !l.file.endsWith('contractLinks.test.ts'));
		expect(broken).toEqual([]);
	});
});
