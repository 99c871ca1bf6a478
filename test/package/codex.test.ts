import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { INodeTypeDescription } from 'n8n-workflow';

import { type Codex, codexProblems, headingAnchor, type NodeFacts, readmeHeadings } from '../../scripts/package/codex';
import { readPackageJson, REPO_ROOT } from '../../scripts/package/tarball';

const pkg = readPackageJson();
const headings = readmeHeadings(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8'));

/** The codex source beside the node's TypeScript: dist/nodes/X/X.node.js → nodes/X/X.node.json. */
const sourceCodexPath = (distPath: string) => join(REPO_ROOT, distPath.replace(/^dist\//, '').replace(/\.js$/, '.json'));

const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8')) as Codex;

describe('codex file of every node in package.json', () => {
	const descriptions = new Map<string, INodeTypeDescription>();

	beforeAll(async () => {
		const loader = new PackageDirectoryLoader(REPO_ROOT);
		await loader.loadAll();
		for (const { sourcePath, type } of Object.values(loader.nodeTypes)) {
			descriptions.set(sourcePath, 'nodeVersions' in type ? type.nodeVersions[type.currentVersion].description : type.description);
		}
	});

	it.each(pkg.n8n.nodes)('%s has a codex whose links lead to its own README section', (distPath) => {
		const description = descriptions.get(distPath);
		expect(description).toBeDefined();
		const file = sourceCodexPath(distPath);
		expect(existsSync(file)).toBe(true);
		const facts: NodeFacts = {
			packageName: pkg.name,
			homepage: pkg.homepage,
			name: description!.name,
			displayName: description!.displayName,
			version: description!.version,
			readmeHeadings: headings,
		};
		expect(codexProblems(readJson(file), facts)).toEqual([]);
	});

	it.each(pkg.n8n.nodes)('%s: the build copies the codex next to the compiled node, unchanged', (distPath) => {
		const built = join(REPO_ROOT, distPath.replace(/\.js$/, '.json'));
		expect(existsSync(built)).toBe(true);
		expect(readJson(built)).toEqual(readJson(sourceCodexPath(distPath)));
	});

	it('n8n reads the codex into the node description (categories, aliases, Docs link)', () => {
		for (const distPath of pkg.n8n.nodes) {
			const codex = descriptions.get(distPath)?.codex;
			const source = readJson(sourceCodexPath(distPath));
			expect(codex).toEqual({
				categories: source.categories,
				alias: source.alias,
				resources: {
					primaryDocumentation: source.resources?.primaryDocumentation,
					credentialDocumentation: source.resources?.credentialDocumentation,
				},
			});
		}
	});
});

describe('codexProblems', () => {
	const README = ['# Title', '## Credentials', '## Operations', '### TikTok Audience', '```', '## Not a heading', '```', '## Operations'].join('\n');
	const facts: NodeFacts = {
		packageName: 'n8n-nodes-tiktok-ads',
		homepage: 'https://github.com/o/r#readme',
		name: 'tikTokAudience',
		displayName: 'TikTok Audience',
		version: 1,
		readmeHeadings: readmeHeadings(README),
	};
	const good: Codex = {
		node: 'n8n-nodes-tiktok-ads.tikTokAudience',
		nodeVersion: '1.0',
		codexVersion: '1.0',
		categories: ['Marketing'],
		alias: ['custom audience'],
		resources: {
			primaryDocumentation: [{ url: 'https://github.com/o/r#tiktok-audience' }],
			credentialDocumentation: [{ url: 'https://github.com/o/r#credentials' }],
		},
	};

	it('accepts a codex that matches the node and the README', () => {
		expect(codexProblems(good, facts)).toEqual([]);
	});

	it("refuses the n8n template's placeholders and another package's name", () => {
		const template: Codex = {
			...good,
			node: '{{nodePackageName}}',
			categories: ['Development', 'Developer Tools', 'Cool Stuff'],
			resources: {
				primaryDocumentation: [{ url: 'https://github.com/org/repo?tab=readme-ov-file' }],
				credentialDocumentation: [{ url: 'https://github.com/org/repo?tab=readme-ov-file#credentials' }],
			},
		};
		expect(codexProblems(template, facts)).toEqual([
			'node is {{nodePackageName}}, expected n8n-nodes-tiktok-ads.tikTokAudience',
			`category "Cool Stuff" is not one n8n's nodes panel uses`,
			'primaryDocumentation https://github.com/org/repo?tab=readme-ov-file is not on the package homepage https://github.com/o/r',
			'credentialDocumentation https://github.com/org/repo?tab=readme-ov-file#credentials is not on the package homepage https://github.com/o/r',
		]);
	});

	it("refuses a link to a missing README heading or to another node's section", () => {
		const wrongAnchor = { ...good, resources: { primaryDocumentation: [{ url: 'https://github.com/o/r#not-a-heading' }] } };
		expect(codexProblems(wrongAnchor, facts)).toEqual(['primaryDocumentation https://github.com/o/r#not-a-heading: the README has no heading #not-a-heading']);
		const otherSection = { ...good, resources: { primaryDocumentation: [{ url: 'https://github.com/o/r#operations' }] } };
		expect(codexProblems(otherSection, facts)).toEqual([
			'primaryDocumentation https://github.com/o/r#operations leads to "Operations", not to the section of TikTok Audience',
		]);
	});

	it('refuses a missing Docs link, a stale version, no categories and empty or repeated aliases', () => {
		const bad: Codex = { ...good, nodeVersion: '1.0', categories: [], alias: ['lead', 'Lead'], resources: {} };
		expect(codexProblems(bad, { ...facts, version: [1, 2] })).toEqual([
			'nodeVersion is 1.0, the node is version 2',
			'no categories',
			'alias repeats a word',
			'resources.primaryDocumentation is empty',
		]);
		expect(codexProblems({ ...good, alias: [] }, facts)).toEqual(['alias needs search words']);
	});
});

describe('readmeHeadings', () => {
	it("gives GitHub's anchors: punctuation dropped, repeated headings numbered, code blocks skipped", () => {
		const headings = readmeHeadings(['## Install in n8n', '### `tikTok` (beta)!', '```bash', '# comment', '```', '## Install in n8n'].join('\n'));
		expect([...headings.keys()]).toEqual(['install-in-n8n', 'tiktok-beta', 'install-in-n8n-1']);
		expect(headingAnchor('Package contents and n8n’s checks')).toBe('package-contents-and-n8ns-checks');
	});
});
