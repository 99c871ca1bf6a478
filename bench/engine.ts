import { randomUUID } from 'node:crypto';

import { WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type IConnections,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type INodeType,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { additionalDataFor, credentialRefs } from '../harness/additionalData';
import type { CredentialStore } from '../harness/credentialsHelper';
import { fullTypeName, loadPackage } from '../harness/nodeTypes';

/**
 * Runs a small multi-node workflow in the real engine (n8n-core WorkflowExecute), the same way the test
 * harness's runNode runs one node, so this package's nodes and n8n's own nodes (baselines) go through the
 * identical engine path. Input items are handed over as they are (no copy): the caller built them before the
 * measured section, so they count as "the input", not as the workflow's memory.
 */

export interface BenchNode {
	name: string;
	/** 'tikTokAudience' (this package) or a full type such as 'n8n-nodes-base.crypto'. */
	type: string;
	typeVersion?: number;
	parameters: IDataObject;
	/** n8n's "Execute Once" node setting. */
	executeOnce?: boolean;
	/** n8n's "On Error: Continue" node setting (continue-on-fail). */
	continueOnFail?: boolean;
}

export interface RunWorkflowOptions {
	credentials?: CredentialStore;
	/** Extra node types (n8n's own nodes), by full type name. */
	extraTypes?: Record<string, INodeType | IVersionedNodeType>;
	/** Replaces parts of the server-provided additional data (e.g. the Code node's task runner). */
	additionalData?: Partial<IWorkflowExecuteAdditionalData>;
}

export interface WorkflowRun {
	run: IRun;
	/** First output of each node, by node name. */
	outputs: Record<string, INodeExecutionData[]>;
	error?: Error;
}

async function combinedNodeTypes(extra: RunWorkflowOptions['extraTypes'] = {}): Promise<INodeTypes> {
	const { nodeTypes } = await loadPackage();
	const pick = (name: string) => extra[name] ?? nodeTypes.getByName(name);
	return {
		getByName: pick,
		getByNameAndVersion: (name, version) => {
			const type = pick(name);
			return 'nodeVersions' in type ? type.getNodeType(version) : type;
		},
		getKnownTypes: () => ({ ...nodeTypes.getKnownTypes(), ...Object.fromEntries(Object.keys(extra).map((n) => [n, { className: n, sourcePath: '' }])) }),
	};
}

function latestVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const v = type.description.version;
	return Array.isArray(v) ? Math.max(...v) : v;
}

/** A straight chain: input → nodes[0] → nodes[1] → … */
export async function runChain(nodes: BenchNode[], input: INodeExecutionData[], options: RunWorkflowOptions = {}): Promise<WorkflowRun> {
	const nodeTypes = await combinedNodeTypes(options.extraTypes);
	const credentials = options.credentials ?? {};
	const wfNodes: INode[] = nodes.map((n, i) => {
		const type = n.type.includes('.') ? n.type : fullTypeName(n.type);
		return {
			id: randomUUID(),
			name: n.name,
			type,
			typeVersion: n.typeVersion ?? latestVersion(nodeTypes.getByName(type)),
			position: [i * 200, 0],
			parameters: n.parameters as INode['parameters'],
			credentials: type.startsWith('n8n-nodes-base.') ? undefined : credentialRefs(credentials),
			...(n.executeOnce ? { executeOnce: true } : {}),
			...(n.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		};
	});
	const connections: IConnections = {};
	for (let i = 0; i + 1 < wfNodes.length; i++) {
		connections[wfNodes[i].name] = { main: [[{ node: wfNodes[i + 1].name, type: 'main', index: 0 }]] };
	}
	const workflowData = { id: 'wf-bench', name: 'bench', nodes: wfNodes, connections };
	const workflow = new Workflow({ ...workflowData, nodeTypes, active: false, staticData: {}, settings: {} });
	let finished: IRun | undefined;
	const additionalData = {
		...(await additionalDataFor(credentials, randomUUID(), workflowData, (run) => (finished = run))),
		...options.additionalData,
	} as IWorkflowExecuteAdditionalData;
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: wfNodes[0], data: { main: [input] }, source: null }] },
	});
	const run = (await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(workflow)) as IRun;
	const result = finished ?? run;
	const outputs: Record<string, INodeExecutionData[]> = {};
	for (const node of wfNodes) {
		outputs[node.name] = result.data.resultData.runData[node.name]?.[0]?.data?.main?.[0] ?? [];
	}
	const taskError = wfNodes.map((n) => result.data.resultData.runData[n.name]?.[0]?.error).find(Boolean);
	return { run: result, outputs, error: (result.data.resultData.error ?? taskError) as Error | undefined };
}

/** Input items as n8n hands them to the first node (json + pairedItem). */
export function toItems(rows: IDataObject[]): INodeExecutionData[] {
	const items: INodeExecutionData[] = new Array(rows.length);
	for (let i = 0; i < rows.length; i++) items[i] = { json: rows[i], pairedItem: { item: i } };
	return items;
}
