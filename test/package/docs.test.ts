import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { readmeHeadings } from '../../scripts/package/codex';
import { N8N_VERSION } from '../../scripts/n8n/install';
import { REPO_ROOT } from '../../scripts/package/tarball';

const read = (file: string) => readFileSync(join(REPO_ROOT, file), 'utf8');
const pkg = JSON.parse(read('package.json')) as {
	version: string;
	license: string;
	author: { name: string };
	devDependencies: Record<string, string>;
};

/** The text of a `## heading` section, up to the next `## ` heading. */
function section(markdown: string, heading: string): string {
	const start = markdown.indexOf(`\n## ${heading}\n`);
	if (start < 0) return '';
	const end = markdown.indexOf('\n## ', start + heading.length + 4);
	return markdown.slice(start, end < 0 ? undefined : end);
}

describe('README', () => {
	const readme = read('README.md');

	it('has the sections n8n asks of a community package', () => {
		const top = [...readmeHeadings(readme).values()];
		for (const heading of ['Installation', 'Operations', 'Credentials', 'Compatibility', 'Usage', 'Resources', 'Version history']) {
			expect(top).toContain(heading);
		}
	});

	it('names the n8n versions the tests run against (the pinned real server and the in-process engine)', () => {
		const compatibility = section(readme, 'Compatibility');
		expect(compatibility).toContain(`n8n **${N8N_VERSION}**`);
		expect(compatibility).toContain(`n8n-core **${pkg.devDependencies['n8n-core']}**`);
		expect(compatibility).toContain(`n8n-workflow ${pkg.devDependencies['n8n-workflow']}`);
	});

	it('has a version bump policy for developers', () => {
		const policy = section(readme, 'For developers');
		expect(policy).toContain('### Versioning and releases');
		for (const level of ['**Patch**', '**Minor**', '**Major**']) expect(policy).toContain(level);
	});
});

describe('CHANGELOG', () => {
	const changelog = read('CHANGELOG.md');

	it("has an Unreleased section and one for package.json's version, newest first", () => {
		const versions = [...changelog.matchAll(/^## \[([^\]]+)\]/gm)].map((match) => match[1]);
		expect(versions[0]).toBe('Unreleased');
		expect(versions).toContain(pkg.version);
		expect(changelog).toMatch(new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm'));
	});

	it('links every version heading', () => {
		for (const [, version] of changelog.matchAll(/^## \[([^\]]+)\]/gm)) {
			expect(changelog).toMatch(new RegExp(`^\\[${version.replace(/\./g, '\\.')}\\]: https://`, 'm'));
		}
	});
});

describe('LICENSE', () => {
	it("is the licence package.json names, with the package's author", () => {
		const license = read('LICENSE');
		expect(pkg.license).toBe('MIT');
		expect(license.split('\n')[0]).toBe('MIT License');
		expect(license).toContain(`Copyright (c) 2026 ${pkg.author.name}`);
	});
});
