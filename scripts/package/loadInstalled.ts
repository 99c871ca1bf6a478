/**
 * Child process: loads an installed copy of the package with n8n-core's PackageDirectoryLoader, as the n8n server
 * loads `~/.n8n/nodes/node_modules/<package>` at start, and prints what it loaded as one JSON line.
 *
 * Run with `NODE_PATH=<folder holding only n8n-workflow>` and NODE_ENV=production: n8n points NODE_PATH at its own
 * modules so a package finds its peer `n8n-workflow`, and outside tests it loads each class in a `vm` context. Any
 * other bare `require` in the package then fails here, as it would for a user whose n8n lacks that module.
 *
 * Usage: node -r ts-node/register/transpile-only scripts/package/loadInstalled.ts <package dir>
 */
import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, INodeTypeDescription, IVersionedNodeType } from 'n8n-workflow';

import type { LoadedEntry, LoadSummary } from './tarball';

function iconUrls(iconUrl: unknown): string[] {
	if (typeof iconUrl === 'string') return [iconUrl];
	if (iconUrl && typeof iconUrl === 'object') return Object.values(iconUrl).filter((url): url is string => typeof url === 'string');
	return [];
}

function currentDescription(type: INodeType | IVersionedNodeType): INodeTypeDescription {
	return 'nodeVersions' in type ? type.nodeVersions[type.currentVersion].description : type.description;
}

function nodeEntry(sourcePath: string, type: INodeType | IVersionedNodeType): LoadedEntry {
	const description = currentDescription(type);
	return {
		sourcePath,
		name: description.name,
		displayName: description.displayName,
		version: description.version,
		iconUrls: iconUrls(description.iconUrl),
		codex: description.codex as LoadedEntry['codex'],
	};
}

function credentialEntry(sourcePath: string, type: ICredentialType): LoadedEntry {
	return { sourcePath, name: type.name, displayName: type.displayName, iconUrls: iconUrls(type.iconUrl) };
}

async function main(packageDir: string): Promise<LoadSummary> {
	const loader = new PackageDirectoryLoader(packageDir);
	try {
		await loader.loadAll();
	} catch (error) {
		return { packageName: loader.packageName, nodes: [], credentials: [], error: (error as Error).message };
	}
	return {
		packageName: loader.packageName,
		nodes: Object.values(loader.nodeTypes).map(({ sourcePath, type }) => nodeEntry(sourcePath, type)),
		credentials: Object.values(loader.credentialTypes).map(({ sourcePath, type }) => credentialEntry(sourcePath, type)),
	};
}

main(process.argv[2]).then(
	(summary) => process.stdout.write(`${JSON.stringify(summary)}\n`),
	(error: Error) => {
		process.stdout.write(`${JSON.stringify({ packageName: '', nodes: [], credentials: [], error: error.message })}\n`);
	},
);
