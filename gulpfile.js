const path = require('path');
const { parallel, src, dest } = require('gulp');

// tsc only emits JavaScript. n8n loads node and credential icons from dist/ next to the compiled files, and a node's
// codex (<Node>.node.json: categories, aliases, documentation links) from beside its <Node>.node.js.
function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyCredentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

function copyNodeCodex() {
	return src(path.resolve('nodes', '**', '*.node.json')).pipe(dest(path.resolve('dist', 'nodes')));
}

exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons, copyNodeCodex);
