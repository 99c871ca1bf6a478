// Lists the functions in nodes/ and credentials/ longer than a limit (default 60 lines):
// `npx ts-node --transpile-only scripts/long-functions.ts [limit]`.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

import * as ts from 'typescript';

interface Found {
	file: string;
	line: number;
	lines: number;
	name: string;
}

const limit = Number(process.argv[2] ?? 60);
const files = execFileSync('git', ['ls-files', 'nodes', 'credentials'], { encoding: 'utf8' })
	.split('\n')
	.filter((file) => file.endsWith('.ts'));

const found: Found[] = [];
for (const file of files) {
	const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
	const visit = (node: ts.Node): void => {
		if (ts.isFunctionLike(node) && 'body' in node && node.body) {
			const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
			const end = source.getLineAndCharacterOfPosition(node.end).line;
			if (end - start + 1 > limit) found.push({ file, line: start + 1, lines: end - start + 1, name: nameOf(node) });
		}
		ts.forEachChild(node, visit);
	};
	visit(source);
}

function nameOf(node: ts.SignatureDeclaration): string {
	if (node.name) return node.name.getText();
	const parent = node.parent;
	if (parent && (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent))) return parent.name.getText();
	return '(anonymous)';
}

for (const f of found.sort((a, b) => b.lines - a.lines)) console.log(`${f.lines}\t${f.file}:${f.line}\t${f.name}`);
console.log(`${found.length} function(s) over ${limit} lines`);
