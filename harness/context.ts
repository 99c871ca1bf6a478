import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import {
	NodeConnectionTypes,
	Workflow,
	type IDataObject,
	type INode,
	type INodeListSearchResult,
	type INodeType,
	type INodeTypes,
} from 'n8n-workflow';

import type { CredentialStore } from './credentialsHelper';
import { additionalDataFor, credentialRefs } from './additionalData';
import { fullTypeName, loadPackage } from './nodeTypes';

/** A node type that only declares the credential, for driving the shared transport in a real n8n-core context. */
const PROBE_TYPE = 'test.tikTokTransportProbe';
const probe: INodeType = {
	description: {
		displayName: 'Transport Probe',
		name: 'tikTokTransportProbe',
		group: ['transform'],
		version: 1,
		description: 'test only',
		defaults: { name: 'Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokAdsOAuth2Api', required: true }],
		properties: [],
	},
};

function withProbe(nodeTypes: INodeTypes): INodeTypes {
	return {
		getByName: (name) => (name === PROBE_TYPE ? probe : nodeTypes.getByName(name)),
		getByNameAndVersion: (name, version) => (name === PROBE_TYPE ? probe : nodeTypes.getByNameAndVersion(name, version)),
		getKnownTypes: () => nodeTypes.getKnownTypes(),
	};
}

/**
 * n8n-core's LoadOptionsContext for a node (a package node type, or the transport probe when `type` is omitted):
 * the same `this` n8n gives list-search methods, with real HTTP helpers and credential handling.
 */
export async function loadOptionsContext(
	credentials: CredentialStore,
	type?: string,
	parameters: IDataObject = {},
): Promise<LoadOptionsContext> {
	const { nodeTypes } = await loadPackage();
	const types = withProbe(nodeTypes);
	const fullType = type ? fullTypeName(type) : PROBE_TYPE;
	const description = types.getByNameAndVersion(fullType).description;
	const node: INode = {
		id: randomUUID(),
		name: 'TikTok',
		type: fullType,
		typeVersion: Array.isArray(description.version) ? Math.max(...description.version) : description.version,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: credentialRefs(credentials),
	};
	const workflowData = { id: 'wf-options', name: 'options', nodes: [node], connections: {} };
	const workflow = new Workflow({ ...workflowData, nodeTypes: types, active: false, settings: {} });
	const additionalData = await additionalDataFor(credentials, randomUUID(), workflowData);
	additionalData.currentNodeParameters = parameters as INode['parameters'];
	return new LoadOptionsContext(workflow, node, additionalData, '');
}

/** Calls a node's `methods.listSearch[method]` the way the editor does for a resource locator. */
export async function runListSearch(
	type: string,
	method: string,
	parameters: IDataObject,
	credentials: CredentialStore,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { nodeTypes } = await loadPackage();
	const nodeType = nodeTypes.getByNameAndVersion(fullTypeName(type)) as INodeType;
	const fn = nodeType.methods?.listSearch?.[method];
	if (!fn) throw new Error(`${type} has no listSearch.${method}`);
	const context = await loadOptionsContext(credentials, type, parameters);
	return await fn.call(context, filter, paginationToken);
}
