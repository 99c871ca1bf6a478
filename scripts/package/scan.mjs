// Runs the static analysis of n8n's community-package scanner (@n8n/scan-community-package) on a local folder and
// prints the findings as one JSON line.
//
// The scanner's CLI only takes a package name: it downloads the published tarball from npm, requires an npm
// provenance attestation and fetches the attested GitHub source. None of that exists before the first publish, so
// this runs the same ESLint configuration (`buildScanConfig`, exported by the scanner) with the same ESLint options
// and file patterns as its two legs, on local folders:
//   source  — the repository, patterns SOURCE_FILE_PATTERNS (nodes/ and credentials/ sources and package.json);
//   tarball — the unpacked `npm pack` output, patterns ['**/*.js', 'package.json'] (as analyzePackageByName does).
// The scanner fails a package on any ESLint error; warnings are reported here too so the caller can demand zero.
//
// Usage: node scripts/package/scan.mjs <source|tarball> <folder>
import { ESLint } from 'eslint';
import glob from 'fast-glob';
import { buildScanConfig, SOURCE_FILE_PATTERNS } from '@n8n/scan-community-package/scanner/scanner.mjs';

const PATTERNS = { source: SOURCE_FILE_PATTERNS, tarball: ['**/*.js', 'package.json'] };

const [leg, folder] = process.argv.slice(2);
if (!PATTERNS[leg] || !folder) {
	process.stderr.write('Usage: node scripts/package/scan.mjs <source|tarball> <folder>\n');
	process.exit(2);
}

const eslint = new ESLint({
	cwd: folder,
	allowInlineConfig: false,
	overrideConfigFile: true,
	overrideConfig: await buildScanConfig(),
});
const files = glob.sync(PATTERNS[leg], { cwd: folder, absolute: true, ignore: ['node_modules/**', '**/package-lock.json'] });
const results = files.length ? await eslint.lintFiles(files) : [];
const findings = results.flatMap((result) =>
	result.messages.map((message) => ({
		file: result.filePath.slice(folder.length + 1),
		line: message.line,
		rule: message.ruleId,
		severity: message.severity === 2 ? 'error' : 'warning',
		message: message.message,
	})),
);
process.stdout.write(`${JSON.stringify({ leg, files: files.length, findings })}\n`);
