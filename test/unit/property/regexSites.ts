import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

export interface RegexSite {
	/** file:line, relative to the repository. */
	where: string;
	/** The regex, when the source spells it out (a literal); undefined for `new RegExp(<computed>)`. */
	regex?: RegExp;
	/** Source text of a `new RegExp(...)` call's first argument. */
	dynamicArgument?: string;
}

const ROOT = join(__dirname, '..', '..', '..');

function tsFiles(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		if (statSync(path).isDirectory()) return tsFiles(path);
		return path.endsWith('.ts') ? [path] : [];
	});
}

/** Every regular expression in the runtime code (nodes/, credentials/), found by parsing, not by grep. */
export function regexSites(): RegexSite[] {
	const sites: RegexSite[] = [];
	for (const file of ['nodes', 'credentials'].flatMap((d) => tsFiles(join(ROOT, d)))) {
		const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
		const where = (node: ts.Node) =>
			`${relative(ROOT, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
		const visit = (node: ts.Node): void => {
			if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
				const text = node.getText();
				const slash = text.lastIndexOf('/');
				sites.push({ where: where(node), regex: new RegExp(text.slice(1, slash), text.slice(slash + 1)) });
			} else if (
				(ts.isNewExpression(node) || ts.isCallExpression(node)) &&
				ts.isIdentifier(node.expression) &&
				node.expression.text === 'RegExp'
			) {
				const arg = node.arguments?.[0];
				if (arg && (ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg))) {
					const flags = node.arguments?.[1];
					sites.push({ where: where(node), regex: new RegExp(arg.text, flags && ts.isStringLiteral(flags) ? flags.text : '') });
				} else {
					sites.push({ where: where(node), dynamicArgument: arg?.getText() ?? '' });
				}
			}
			ts.forEachChild(node, visit);
		};
		visit(source);
	}
	return sites;
}
