/**
 * Checks a node's codex file (`<Node>.node.json` beside `<Node>.node.js`): n8n reads its categories and aliases for
 * the nodes panel and its documentation links for the node's "Docs" link. The links must lead to this package's
 * own README section for the node, not to a template placeholder or someone else's page.
 */

/** Categories n8n's own nodes use (n8n-nodes-base 2.41 codex files); the nodes panel groups nodes by them. */
export const N8N_CATEGORIES = [
	'AI',
	'Analytics',
	'Communication',
	'Core Nodes',
	'Data & Storage',
	'Developer Tools',
	'Development',
	'Finance & Accounting',
	'HITL',
	'Marketing',
	'Miscellaneous',
	'Productivity',
	'Sales',
	'Utility',
];

export interface Codex {
	node?: string;
	nodeVersion?: string;
	codexVersion?: string;
	categories?: string[];
	alias?: string[];
	resources?: Record<string, Array<{ url?: string }> | undefined>;
}

export interface NodeFacts {
	packageName: string;
	/** package.json `homepage`; links are `<homepage without its #fragment>#<README heading anchor>`. */
	homepage: string;
	name: string;
	displayName: string;
	version: number | number[];
	/** README heading anchor → heading text. */
	readmeHeadings: Map<string, string>;
}

/** The anchor GitHub gives a Markdown heading: lower case, punctuation dropped, spaces as hyphens. */
export function headingAnchor(text: string): string {
	return text
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s_-]/gu, '')
		.replace(/\s/g, '-');
}

/** README headings by anchor (repeated headings get GitHub's `-1`, `-2` suffixes); code blocks are skipped. */
export function readmeHeadings(markdown: string): Map<string, string> {
	const headings = new Map<string, string>();
	let inCode = false;
	for (const line of markdown.split('\n')) {
		if (line.startsWith('```')) inCode = !inCode;
		const heading = !inCode && /^#{1,6}\s+(.+?)\s*$/.exec(line);
		if (!heading) continue;
		const text = heading[1].replace(/[`*_]/g, '');
		const base = headingAnchor(text);
		let anchor = base;
		for (let n = 1; headings.has(anchor); n++) anchor = `${base}-${n}`;
		headings.set(anchor, text);
	}
	return headings;
}

function linkProblems(codex: Codex, facts: NodeFacts): string[] {
	const problems: string[] = [];
	const base = facts.homepage.split('#')[0];
	const primary = codex.resources?.primaryDocumentation ?? [];
	if (primary.length === 0) problems.push('resources.primaryDocumentation is empty');
	for (const [kind, links] of Object.entries(codex.resources ?? {})) {
		for (const { url = '' } of links ?? []) {
			const [page, anchor = ''] = url.split('#');
			if (page !== base) problems.push(`${kind} ${url} is not on the package homepage ${base}`);
			else if (!facts.readmeHeadings.has(anchor)) problems.push(`${kind} ${url}: the README has no heading #${anchor}`);
		}
	}
	for (const { url = '' } of primary) {
		const heading = facts.readmeHeadings.get(url.split('#')[1] ?? '');
		if (heading !== undefined && !heading.startsWith(facts.displayName)) {
			problems.push(`primaryDocumentation ${url} leads to "${heading}", not to the section of ${facts.displayName}`);
		}
	}
	return problems;
}

/** Everything wrong with one node's codex, as readable sentences (empty when it is right). */
export function codexProblems(codex: Codex, facts: NodeFacts): string[] {
	const problems: string[] = [];
	const expectedNode = `${facts.packageName}.${facts.name}`;
	if (codex.node !== expectedNode) problems.push(`node is ${String(codex.node)}, expected ${expectedNode}`);
	const latest = Array.isArray(facts.version) ? Math.max(...facts.version) : facts.version;
	if (Number(codex.nodeVersion) !== latest) problems.push(`nodeVersion is ${String(codex.nodeVersion)}, the node is version ${latest}`);
	if (codex.codexVersion !== '1.0') problems.push(`codexVersion is ${String(codex.codexVersion)}, expected 1.0`);
	const categories = codex.categories ?? [];
	if (categories.length === 0) problems.push('no categories');
	for (const category of categories) {
		if (!N8N_CATEGORIES.includes(category)) problems.push(`category "${category}" is not one n8n's nodes panel uses`);
	}
	const alias = codex.alias ?? [];
	if (alias.length === 0 || alias.some((word) => typeof word !== 'string' || !word.trim())) problems.push('alias needs search words');
	if (new Set(alias.map((word) => word.toLowerCase())).size !== alias.length) problems.push('alias repeats a word');
	return [...problems, ...linkProblems(codex, facts)];
}
