import { ExecutionLifecycleHooks } from 'n8n-core';
import type { IConnections, INode, IRun, IWorkflowExecuteAdditionalData } from 'n8n-workflow';

import { TestCredentialsHelper, type CredentialStore } from './credentialsHelper';
import { loadPackage } from './nodeTypes';

export const WEBHOOK_BASE = 'http://127.0.0.1:5678/webhook';
export const WEBHOOK_TEST_BASE = 'http://127.0.0.1:5678/webhook-test';

/** What the n8n server hands the engine; every *BaseUrl must be absolute or n8n-core throws "Invalid URL". */
export async function additionalDataFor(
	credentials: CredentialStore,
	executionId: string,
	workflowData: { id: string; name: string; nodes: INode[]; connections: IConnections },
	onFinish?: (run: IRun) => void,
): Promise<IWorkflowExecuteAdditionalData> {
	const { credentialTypes } = await loadPackage();
	const hooks = new ExecutionLifecycleHooks('manual', executionId, {
		...workflowData,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
		settings: {},
	} as never);
	if (onFinish) hooks.addHandler('workflowExecuteAfter', (run: IRun) => onFinish(run));
	return {
		executionId,
		hooks,
		credentialsHelper: new TestCredentialsHelper(credentials, credentialTypes),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		webhookBaseUrl: WEBHOOK_BASE,
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: WEBHOOK_TEST_BASE,
		mcpBaseUrl: 'http://127.0.0.1:5678/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:5678/mcp-test',
		currentNodeExecutionIndex: 0,
		variables: {},
		executeWorkflow: async () => {
			throw new Error('Sub-workflows are not available in the test engine');
		},
		getRunExecutionData: async () => undefined,
		getRuntimeCredential: async () => undefined,
		logAiEvent: () => {},
		startRunnerTask: async () => {
			throw new Error('Code runners are not available in the test engine');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

export function credentialRefs(credentials: CredentialStore): INode['credentials'] {
	return Object.fromEntries(Object.keys(credentials).map((type) => [type, { id: `cred-${type}`, name: type }]));
}
