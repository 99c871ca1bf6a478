import * as path from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';
import type { ICredentialType, INodeType, INodeTypes, IVersionedNodeType } from 'n8n-workflow';

export const PACKAGE_ROOT = path.resolve(__dirname, '..');
export const PACKAGE_NAME = 'n8n-nodes-tiktok-ads';

export interface LoadedPackage {
	nodeTypes: INodeTypes;
	credentialTypes: Record<string, ICredentialType>;
}

let loading: Promise<LoadedPackage> | undefined;

/** The built package (dist/) loaded the way n8n loads an installed community package. */
export function loadPackage(): Promise<LoadedPackage> {
	loading ??= (async () => {
		const loader = new PackageDirectoryLoader(PACKAGE_ROOT);
		await loader.loadAll();
		const byName = new Map<string, INodeType | IVersionedNodeType>();
		for (const [name, entry] of Object.entries(loader.nodeTypes)) {
			byName.set(name.includes('.') ? name : `${PACKAGE_NAME}.${name}`, entry.type);
		}
		const credentialTypes: Record<string, ICredentialType> = {};
		for (const [name, entry] of Object.entries(loader.credentialTypes)) credentialTypes[name] = entry.type;
		if (byName.size === 0 && Object.keys(credentialTypes).length === 0) {
			throw new Error('Nothing loaded from dist/: run `npm run build` first');
		}
		const nodeTypes: INodeTypes = {
			getByName: (name) => lookup(byName, name),
			getByNameAndVersion: (name, version) => {
				const type = lookup(byName, name);
				return 'nodeVersions' in type ? type.getNodeType(version) : type;
			},
			getKnownTypes: () => Object.fromEntries([...byName.keys()].map((name) => [name, { className: name, sourcePath: '' }])),
		};
		return { nodeTypes, credentialTypes };
	})();
	return loading;
}

function lookup(byName: Map<string, INodeType | IVersionedNodeType>, name: string): INodeType | IVersionedNodeType {
	const type = byName.get(name) ?? byName.get(`${PACKAGE_NAME}.${name}`);
	if (!type) throw new Error(`Unknown node type ${name}; loaded: ${[...byName.keys()].join(', ')}`);
	return type;
}

export function fullTypeName(shortOrFull: string): string {
	return shortOrFull.includes('.') ? shortOrFull : `${PACKAGE_NAME}.${shortOrFull}`;
}
