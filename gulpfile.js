const path = require('path');
const { parallel, src, dest } = require('gulp');

// tsc only emits JavaScript; n8n loads node and credential icons from dist/ next to the compiled files.
function copyNodeIcons() {
	return src(path.resolve('nodes', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'nodes')));
}

function copyCredentialIcons() {
	return src(path.resolve('credentials', '**', '*.{png,svg}'), { encoding: false, allowEmpty: true }).pipe(
		dest(path.resolve('dist', 'credentials')),
	);
}

exports['build:icons'] = parallel(copyNodeIcons, copyCredentialIcons);
