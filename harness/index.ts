import { randomUUID } from 'node:crypto';

import { HookContext, PollContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import {
	Workflow,
	createRunExecutionData,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type INode,
	type INodeExecutionData,
	type IRun,
	type IWebhookData,
	type IWorkflowExecuteAdditionalData,
	type WorkflowActivateMode,
} from 'n8n-workflow';

import { WEBHOOK_BASE, WEBHOOK_TEST_BASE, additionalDataFor, credentialRefs } from './additionalData';
import type { CredentialStore } from './credentialsHelper';
import { fullTypeName, loadPackage } from './nodeTypes';

export { loadPackage } from './nodeTypes';
export { TestCredentialsHelper } from './credentialsHelper';
export { loadOptionsContext, runListSearch } from './context';

export const CREDENTIAL_TYPE = 'tikTokAdsOAuth2Api';


/** Credentials pointing at an emulator (anything with baseUrl + seeded app keys and token). */
export function emulatorCredentials(
	emu: { baseUrl: string; appId: string; appSecret: string; accessToken?: string },
	overrides: IDataObject = {},
): CredentialStore {
	return {
		[CREDENTIAL_TYPE]: {
			environment: 'custom',
			baseUrl: emu.baseUrl,
			appId: emu.appId,
			appSecret: emu.appSecret,
			accessToken: emu.accessToken ?? '',
			// What n8n has saved after the first use of a pasted token (preAuthentication ran once).
			longTermToken: emu.accessToken ?? '',
			...overrides,
		} as ICredentialDataDecryptedObject,
	};
}

export interface RunOptions {
	credentials?: CredentialStore;
	continueOnFail?: boolean;
	staticData?: IDataObject;
	executionId?: string;
	nodeName?: string;
	typeVersion?: number;
}

export interface RunResult {
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	error?: Error & IDataObject;
	run: IRun;
	staticData: IDataObject;
	credentials: CredentialStore;
}

/** Runs one node of this package in the real engine with `input` as its incoming items. */
export async function runNode(
	type: string,
	parameters: IDataObject,
	input: IDataObject[] | INodeExecutionData[],
	options: RunOptions = {},
): Promise<RunResult> {
	const { nodeTypes } = await loadPackage();
	const credentials = options.credentials ?? {};
	const nodeName = options.nodeName ?? 'TikTok';
	const fullType = fullTypeName(type);
	const description = nodeTypes.getByNameAndVersion(fullType).description;
	const version = options.typeVersion ?? latestVersion(description);
	const node: INode = {
		id: randomUUID(),
		name: nodeName,
		type: fullType,
		typeVersion: version,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: credentialRefs(credentials),
		...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
	};
	const workflowData = { id: 'wf-test', name: 'test', nodes: [node], connections: {} };
	const workflow = new Workflow({
		...workflowData,
		nodeTypes,
		active: false,
		staticData: options.staticData ?? {},
		settings: {},
	});
	const items: INodeExecutionData[] = (input as Array<IDataObject | INodeExecutionData>).map((entry, index) =>
		'json' in entry && typeof entry.json === 'object'
			? ({ pairedItem: { item: index }, ...entry } as INodeExecutionData)
			: { json: entry as IDataObject, pairedItem: { item: index } },
	);
	const executionId = options.executionId ?? randomUUID();
	let finished: IRun | undefined;
	const additionalData = await additionalDataFor(credentials, executionId, workflowData, (run) => (finished = run));
	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node, data: { main: [items] }, source: null }],
		},
	});
	const run = (await new WorkflowExecute(additionalData, 'manual', runExecutionData).processRunExecutionData(
		workflow,
	)) as IRun;
	const result = finished ?? run;
	const taskData = result.data.resultData.runData[nodeName]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((out) => out ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: (result.data.resultData.error ?? taskData?.error) as RunResult['error'],
		run: result,
		staticData: workflow.staticData as IDataObject,
		credentials,
	};
}

export interface DeliveryResult {
	status: number;
	responseBody?: unknown;
	workflowData?: INodeExecutionData[][];
	noWebhookResponse?: boolean;
}

/** The newest version a node type declares (what the editor adds to a new workflow). */
function latestVersion(description: { version: number | number[] }): number {
	return Array.isArray(description.version) ? Math.max(...description.version) : description.version;
}

/** Drives a webhook trigger through n8n-core's HookContext (lifecycle) and WebhookContext (deliveries). */
export async function createTriggerHarness(type: string, parameters: IDataObject, options: RunOptions = {}) {
	const { nodeTypes } = await loadPackage();
	const credentials = options.credentials ?? {};
	const fullType = fullTypeName(type);
	const nodeType = nodeTypes.getByNameAndVersion(fullType);
	const description = nodeType.description;
	const node: INode = {
		id: randomUUID(),
		name: options.nodeName ?? 'TikTok Trigger',
		type: fullType,
		typeVersion: latestVersion(description),
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: credentialRefs(credentials),
		webhookId: randomUUID(),
	};
	const workflowData = { id: 'wf-trigger', name: 'trigger', nodes: [node], connections: {} };
	const workflow = new Workflow({
		...workflowData,
		nodeTypes,
		active: true,
		staticData: options.staticData ?? {},
		settings: {},
	});
	const webhookDescription = description.webhooks?.[0];
	if (!webhookDescription) throw new Error(`${type} has no webhook`);
	const webhookPath = String(webhookDescription.path ?? '');

	async function webhookData(isTest: boolean): Promise<IWebhookData> {
		const additionalData = await additionalDataFor(credentials, randomUUID(), workflowData);
		return {
			httpMethod: (webhookDescription!.httpMethod as IWebhookData['httpMethod']) ?? 'POST',
			node: node.name,
			path: webhookPath,
			webhookDescription: webhookDescription!,
			workflowId: workflow.id,
			workflowExecuteAdditionalData: additionalData,
			webhookId: node.webhookId,
			isTest,
		};
	}

	async function lifecycle(method: 'checkExists' | 'create' | 'delete', isTest: boolean): Promise<boolean> {
		const data = await webhookData(isTest);
		const mode: WorkflowActivateMode = isTest ? 'manual' : 'activate';
		const context = new HookContext(workflow, node, data.workflowExecuteAdditionalData, isTest ? 'manual' : 'trigger', mode, data);
		const fn = nodeType.webhookMethods?.default?.[method];
		if (!fn) throw new Error(`${type} has no webhookMethods.default.${method}`);
		return (await fn.call(context)) as boolean;
	}

	return {
		node,
		workflow,
		get staticData(): IDataObject {
			return workflow.staticData as IDataObject;
		},
		credentials,
		webhookUrl({ isTest = false }: { isTest?: boolean } = {}): string {
			return `${isTest ? WEBHOOK_TEST_BASE : WEBHOOK_BASE}/${node.webhookId}/${webhookPath}`;
		},
		/** What n8n does on activation (or when listening for a test event): checkExists, then create if needed. */
		async activate({ isTest = false }: { isTest?: boolean } = {}): Promise<{ existed: boolean; created: boolean }> {
			const existed = await lifecycle('checkExists', isTest);
			if (existed) return { existed, created: false };
			return { existed, created: await lifecycle('create', isTest) };
		},
		async deactivate({ isTest = false }: { isTest?: boolean } = {}): Promise<boolean> {
			return await lifecycle('delete', isTest);
		},
		lifecycle,
		async deliver({
			rawBody,
			headers = {},
			isTest = false,
		}: {
			rawBody: Buffer | string;
			headers?: Record<string, string>;
			isTest?: boolean;
		}): Promise<DeliveryResult> {
			const data = await webhookData(isTest);
			const raw = Buffer.isBuffer(rawBody) ? rawBody : Buffer.from(rawBody);
			let body: unknown;
			try {
				body = JSON.parse(raw.toString('utf8'));
			} catch {
				body = {};
			}
			const response = fakeResponse();
			const lowerHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
			const request = {
				body,
				rawBody: raw,
				headers: { 'content-type': 'application/json', ...lowerHeaders },
				query: {},
				params: {},
				method: 'POST',
				url: `/${node.webhookId}/${webhookPath}`,
			};
			const additionalData = {
				...data.workflowExecuteAdditionalData,
				httpRequest: request,
				httpResponse: response,
			} as unknown as IWorkflowExecuteAdditionalData;
			const context = new WebhookContext(workflow, node, additionalData, isTest ? 'manual' : 'webhook', data, [], null);
			const result = await nodeType.webhook!.call(context);
			if (result.noWebhookResponse) {
				return { status: response.statusCode, responseBody: response.body, noWebhookResponse: true };
			}
			return {
				status: response.sent ? response.statusCode : 200,
				responseBody: result.webhookResponse ?? response.body,
				workflowData: result.workflowData,
			};
		},
	};
}

function fakeResponse() {
	const res = {
		statusCode: 200,
		body: undefined as unknown,
		sent: false,
		headers: {} as Record<string, string>,
		status(code: number) {
			res.statusCode = code;
			return res;
		},
		type(value: string) {
			res.headers['content-type'] = value;
			return res;
		},
		setHeader(key: string, value: string) {
			res.headers[key.toLowerCase()] = value;
			return res;
		},
		header(key: string, value: string) {
			return res.setHeader(key, value);
		},
		send(body?: unknown) {
			res.body = body;
			res.sent = true;
			return res;
		},
		json(body?: unknown) {
			return res.send(body);
		},
		end(body?: unknown) {
			return res.send(body);
		},
	};
	return res;
}

export interface PollResult {
	/** The items poll() returned (null: nothing new). */
	items: INodeExecutionData[] | null;
	error?: Error & IDataObject;
	/** Workflow static data as n8n holds it after this poll. */
	staticData: IDataObject;
}

/**
 * Runs a polling trigger's poll() in n8n-core's PollContext, as n8n's poll executor does: static data a poll writes
 * is kept for the next poll only when the poll succeeds in trigger mode (n8n stages it and commits it with the
 * emitted execution, or on an empty poll); a failed poll's changes are dropped, and "Fetch Test Event" (manual
 * mode) never commits.
 */
export async function createPollHarness(type: string, parameters: IDataObject, options: RunOptions = {}) {
	const { nodeTypes } = await loadPackage();
	const credentials = options.credentials ?? {};
	const fullType = fullTypeName(type);
	const nodeType = nodeTypes.getByNameAndVersion(fullType);
	if (!nodeType.poll) throw new Error(`${type} has no poll()`);
	const description = nodeType.description;
	const node: INode = {
		id: randomUUID(),
		name: options.nodeName ?? 'TikTok Poll Trigger',
		type: fullType,
		typeVersion: latestVersion(description),
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: credentialRefs(credentials),
	};
	const workflowData = { id: 'wf-poll', name: 'poll', nodes: [node], connections: {} };
	let committed: IDataObject = JSON.parse(JSON.stringify(options.staticData ?? {}));

	return {
		node,
		credentials,
		get staticData(): IDataObject {
			return committed;
		},
		nodeStaticData(): IDataObject {
			return (committed[`node:${node.name}`] ?? {}) as IDataObject;
		},
		async poll({ mode = 'trigger' }: { mode?: 'trigger' | 'manual' } = {}): Promise<PollResult> {
			const workflow = new Workflow({
				...workflowData,
				nodeTypes,
				active: mode === 'trigger',
				staticData: JSON.parse(JSON.stringify(committed)),
				settings: {},
			});
			const additionalData = await additionalDataFor(credentials, randomUUID(), workflowData);
			const context = new PollContext(workflow, node, additionalData, mode, mode === 'manual' ? 'manual' : 'activate');
			try {
				const result = await nodeType.poll!.call(context);
				if (mode === 'trigger') committed = JSON.parse(JSON.stringify(workflow.staticData));
				return { items: result?.[0] ?? null, staticData: committed };
			} catch (error) {
				return { items: null, error: error as Error & IDataObject, staticData: committed };
			}
		},
	};
}
