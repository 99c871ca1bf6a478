import { randomUUID } from 'node:crypto';
import * as path from 'node:path';

import type {
	IDataObject,
	INodeExecutionData,
	IRunData,
	IRunExecutionData,
	IWorkflowExecuteAdditionalData,
	Workflow,
} from 'n8n-workflow';

import { findNodesBase } from './n8nBase';

/**
 * The Code node of n8n 2.x never runs user code itself: it calls `startRunnerTask`, which n8n's server answers
 * by handing the task to a task runner (@n8n/task-runner, a separate process reached over a WebSocket through
 * the task broker). This is an in-process stand-in for the server side of that exchange, driving n8n's REAL
 * JsTaskRunner (@n8n/task-runner@2.41.1, the same code that runs in the runner process):
 *   - the task data the runner asks for is built from the engine's state and sent through JSON (as it travels
 *     over the WebSocket), honouring what the runner requested (input, chunk, nodes);
 *   - the runner's result comes back through JSON as well.
 * What is NOT modelled: the separate process, the WebSocket hops and the broker's queueing. So this baseline is
 * cheaper than the Code node in a real n8n: ratios against it understate this package's advantage.
 */

interface RunnerLike {
	executeTask(params: { taskId: string; settings: IDataObject }, signal: AbortSignal): Promise<{ result: unknown }>;
	stopTaskOffers(): void;
	isShuttingDown: boolean;
	ws: { close(): void; readyState: number };
}

interface DataRequestParams {
	dataOfNodes: 'all' | string[];
	env: boolean;
	input: { include: boolean; chunk?: { startIndex: number; count: number } };
	prevNode: boolean;
}

interface PendingTask {
	workflow: Workflow;
	runExecutionData: IRunExecutionData;
	inputMain: INodeExecutionData[];
	nodeName: string;
	node: unknown;
	runIndex: number;
	itemIndex: number;
	siblingParameters: unknown;
	mode: string;
	envProviderState: unknown;
	executeData?: { source?: unknown };
	additionalData: IWorkflowExecuteAdditionalData;
}

function wire<T>(value: T): T {
	return JSON.parse(JSON.stringify(value)) as T;
}

function stripRunData(runData: IRunData, params: DataRequestParams, prevNode: string | undefined): IRunData {
	if (params.dataOfNodes === 'all') return runData;
	const wanted = new Set(params.dataOfNodes);
	if (params.prevNode && prevNode) wanted.add(prevNode);
	const out: IRunData = {};
	for (const name of wanted) if (runData[name]) out[name] = runData[name];
	return out;
}

function buildDataResponse(task: PendingTask, params: DataRequestParams): Record<string, unknown> {
	const source = task.executeData?.source as { main?: Array<{ previousNode?: string }> } | undefined;
	const prevNode = source?.main?.[0]?.previousNode;
	const runData = task.runExecutionData.resultData.runData;
	let input = task.inputMain;
	if (!params.input.include) input = [];
	else if (params.input.chunk) input = input.slice(params.input.chunk.startIndex, params.input.chunk.startIndex + params.input.chunk.count);
	const wf = task.workflow;
	const ad = task.additionalData;
	return {
		workflow: {
			id: wf.id,
			name: wf.name,
			active: wf.active,
			connections: wf.connectionsBySourceNode,
			nodes: Object.values(wf.nodes),
			pinData: wf.pinData,
			settings: wf.settings,
			staticData: wf.staticData,
		},
		inputData: { main: [input] },
		connectionInputSource: task.executeData?.source ?? null,
		node: task.node,
		runExecutionData: {
			...task.runExecutionData,
			resultData: { ...task.runExecutionData.resultData, runData: stripRunData(runData, params, prevNode) },
			executionData: undefined,
		},
		runIndex: task.runIndex,
		itemIndex: task.itemIndex,
		activeNodeName: task.nodeName,
		siblingParameters: task.siblingParameters,
		mode: task.mode,
		envProviderState: params.env ? task.envProviderState : { env: {}, isEnvAccessBlocked: false, isProcessAvailable: true },
		additionalData: {
			executionId: ad.executionId,
			restApiUrl: ad.restApiUrl,
			instanceBaseUrl: ad.instanceBaseUrl,
			formWaitingBaseUrl: ad.formWaitingBaseUrl,
			webhookBaseUrl: ad.webhookBaseUrl,
			webhookTestBaseUrl: ad.webhookTestBaseUrl,
			webhookWaitingBaseUrl: ad.webhookWaitingBaseUrl,
			variables: ad.variables,
		},
	};
}

export interface InProcessRunner {
	startRunnerTask: IWorkflowExecuteAdditionalData['startRunnerTask'];
	close(): Promise<void>;
}

/** Starts n8n's JsTaskRunner in this process, with a local WebSocket that only absorbs its offers. */
export async function startInProcessRunner(): Promise<InProcessRunner> {
	const baseDir = findNodesBase();
	if (!baseDir) throw new Error('n8n-nodes-base not installed');
	const modulesDir = path.dirname(baseDir);
	const load = (id: string) => require(require.resolve(id, { paths: [modulesDir] }));
	let runnerModule: { JsTaskRunner: new (config: IDataObject) => RunnerLike };
	try {
		// The runner class is not in the package's "exports"; load its file directly.
		runnerModule = require(path.join(modulesDir, '@n8n', 'task-runner', 'dist', 'js-task-runner', 'js-task-runner.js'));
	} catch {
		throw new Error(`@n8n/task-runner@2.41.1 is not installed next to ${baseDir} (npm install --ignore-scripts @n8n/task-runner@2.41.1)`);
	}
	const { WebSocketServer } = load('ws') as { WebSocketServer: new (o: IDataObject) => { address(): { port: number }; close(cb: () => void): void; on(e: string, cb: (...a: unknown[]) => void): void; clients: Set<{ terminate(): void }> } };
	const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
	await new Promise<void>((resolve) => wss.on('listening', () => resolve()));
	const tasks = new Map<string, PendingTask>();
	const connected = new Promise<void>((resolve) => wss.on('connection', () => resolve()));

	// The runner hardens the process it runs in (frozen globals, Buffer.allocUnsafe → alloc). That process is
	// the runner's own in n8n; here it is shared with the engine, so the engine is spared those changes.
	const unsafe = Buffer.allocUnsafe;
	const unsafeSlow = Buffer.allocUnsafeSlow;
	const nodeEnv = process.env.NODE_ENV;
	process.env.NODE_ENV = 'test';
	class BenchRunner extends runnerModule.JsTaskRunner {
		async requestData(taskId: string, params: DataRequestParams): Promise<unknown> {
			const task = tasks.get(taskId);
			if (!task) throw new Error(`unknown task ${taskId}`);
			return wire(buildDataResponse(task, params));
		}
		async requestNodeTypes(): Promise<unknown[]> {
			return [];
		}
	}
	const runner = new BenchRunner({
		baseRunnerConfig: {
			taskBrokerUri: `http://127.0.0.1:${wss.address().port}`,
			grantToken: 'bench',
			maxConcurrency: 1,
			maxPayloadSize: 1024 * 1024 * 1024,
			taskTimeout: 3600,
			idleTimeout: 0,
			gracefulShutdownTimeout: 1,
		},
		jsRunnerConfig: { allowedBuiltInModules: '', allowedExternalModules: '', insecureMode: false },
	});
	Buffer.allocUnsafe = unsafe;
	Buffer.allocUnsafeSlow = unsafeSlow;
	if (nodeEnv === undefined) delete process.env.NODE_ENV;
	else process.env.NODE_ENV = nodeEnv;
	// Closing before the runner's socket is open makes it exit the process ("failed to connect to broker").
	await connected;
	while (runner.ws.readyState !== 1) await new Promise((resolve) => setTimeout(resolve, 5));

	const startRunnerTask = (async (
		additionalData: IWorkflowExecuteAdditionalData,
		jobType: string,
		settings: unknown,
		_executeFunctions: unknown,
		inputData: { main?: Array<INodeExecutionData[] | null> },
		node: unknown,
		workflow: Workflow,
		runExecutionData: IRunExecutionData,
		runIndex: number,
		itemIndex: number,
		activeNodeName: string,
		_connectionInputData: unknown,
		siblingParameters: unknown,
		mode: string,
		envProviderState: unknown,
		executeData?: { source?: unknown },
	) => {
		if (jobType !== 'javascript') return { ok: false, error: new Error(`${jobType} runner not available`) };
		const taskId = randomUUID();
		tasks.set(taskId, {
			workflow,
			runExecutionData,
			inputMain: inputData.main?.[0] ?? [],
			nodeName: activeNodeName,
			node,
			runIndex,
			itemIndex,
			siblingParameters,
			mode,
			envProviderState,
			executeData,
			additionalData,
		});
		try {
			const done = await runner.executeTask({ taskId, settings: wire(settings as IDataObject) }, new AbortController().signal);
			return { ok: true, result: wire(done.result) };
		} catch (error) {
			return { ok: false, error };
		} finally {
			tasks.delete(taskId);
		}
	}) as unknown as IWorkflowExecuteAdditionalData['startRunnerTask'];

	return {
		startRunnerTask,
		async close() {
			// Without this the runner treats the closing socket as a lost broker and exits the process.
			runner.isShuttingDown = true;
			runner.stopTaskOffers();
			runner.ws.close();
			for (const client of wss.clients) client.terminate();
			await new Promise<void>((resolve) => wss.close(() => resolve()));
		},
	};
}
