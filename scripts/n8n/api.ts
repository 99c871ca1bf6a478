/**
 * The few calls a person makes in a fresh n8n, done over HTTP: owner sign-up, login, an API key; then the public
 * API (credentials, data tables, workflows, activation, executions). Everything goes through n8n's own endpoints,
 * nothing touches its database.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { request } from 'undici';

export interface Owner {
	email: string;
	password: string;
	firstName: string;
	lastName: string;
}

export const DEFAULT_OWNER: Owner = {
	email: 'demo@tiktok-ads.local',
	password: 'TikTokAds-demo-2026',
	firstName: 'Demo',
	lastName: 'Owner',
};

export class N8nHttpError extends Error {
	constructor(
		readonly method: string,
		readonly path: string,
		readonly status: number,
		readonly body: string,
	) {
		super(`n8n ${method} ${path} answered ${status}: ${body.slice(0, 600)}`);
	}
}

type Json = Record<string, unknown>;

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: Array<Json & { name: string; type: string; parameters: Json; credentials?: Json }>;
	connections: Json;
	settings?: Json;
	pinData?: Json;
	active?: boolean;
}

export interface Execution {
	id: string;
	finished: boolean;
	mode: string;
	status: string;
	workflowId: string;
	startedAt: string;
	stoppedAt?: string;
	data?: {
		resultData: {
			runData: Record<string, Array<{ data?: { main?: Array<Array<{ json: Json }> | null> }; error?: Json }>>;
			error?: Json;
		};
	};
}

export class N8nClient {
	private cookie = '';
	private apiKey = '';
	private readonly browserId = randomUUID();

	constructor(readonly baseUrl: string) {}

	private async call(method: string, path: string, body?: unknown, api = false): Promise<unknown> {
		const headers: Record<string, string> = { accept: 'application/json', 'browser-id': this.browserId };
		if (body !== undefined) headers['content-type'] = 'application/json';
		if (api) headers['x-n8n-api-key'] = this.apiKey;
		else if (this.cookie) headers.cookie = this.cookie;
		const res = await request(`${this.baseUrl}${path}`, {
			method: method as 'GET',
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await res.body.text();
		if (res.statusCode >= 400) throw new N8nHttpError(method, path, res.statusCode, text);
		const setCookie = res.headers['set-cookie'];
		for (const c of Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : []) {
			const pair = c.split(';')[0];
			if (pair.startsWith('n8n-auth=')) this.cookie = pair;
		}
		if (!text) return undefined;
		const parsed = JSON.parse(text) as unknown;
		// The internal REST API wraps answers in {data}; the public API does not.
		return !api && parsed && typeof parsed === 'object' && 'data' in parsed ? (parsed as { data: unknown }).data : parsed;
	}

	/** A signed-in GET outside /rest (e.g. /types/nodes.json, what the editor loads). */
	async getJson(path: string): Promise<unknown> {
		return await this.call('GET', path);
	}

	rest(method: string, path: string, body?: unknown): Promise<unknown> {
		return this.call(method, `/rest${path}`, body);
	}

	api(method: string, path: string, body?: unknown): Promise<unknown> {
		return this.call(method, `/api/v1${path}`, body, true);
	}

	/** Owner sign-up (first start only), login and an API key with every scope the owner may grant. */
	async setUp(owner: Owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/owner/setup', owner);
		await this.login(owner);
		const scopes = (await this.rest('GET', '/api-keys/scopes')) as string[];
		const key = (await this.rest('POST', '/api-keys', { label: 'tiktok-ads e2e', scopes, expiresAt: null })) as {
			rawApiKey: string;
		};
		this.apiKey = key.rawApiKey;
	}

	async login(owner: Owner = DEFAULT_OWNER): Promise<void> {
		await this.rest('POST', '/login', { emailOrLdapLoginId: owner.email, password: owner.password });
	}

	async createCredential(name: string, type: string, data: Json): Promise<{ id: string; name: string }> {
		return (await this.api('POST', '/credentials', { name, type, data })) as { id: string; name: string };
	}

	async createDataTable(name: string, columns: Array<{ name: string; type: 'string' | 'number' | 'boolean' | 'date' }>): Promise<{ id: string; name: string }> {
		return (await this.api('POST', '/data-tables', { name, columns })) as { id: string; name: string };
	}

	async insertRows(dataTableId: string, rows: Json[]): Promise<void> {
		await this.api('POST', `/data-tables/${dataTableId}/rows`, { data: rows, returnType: 'count' });
	}

	async listRows(dataTableId: string): Promise<Json[]> {
		const rows: Json[] = [];
		let cursor: string | undefined;
		do {
			const qs = new URLSearchParams({ limit: '250' });
			if (cursor) qs.set('cursor', cursor);
			const page = (await this.api('GET', `/data-tables/${dataTableId}/rows?${qs}`)) as { data: Json[]; nextCursor?: string | null };
			rows.push(...page.data);
			cursor = page.nextCursor ?? undefined;
		} while (cursor);
		return rows;
	}

	/** Creates the workflow (the public API takes name, nodes, connections, settings only). */
	async createWorkflow(workflow: WorkflowJson): Promise<{ id: string; name: string }> {
		const { name, nodes, connections } = workflow;
		return (await this.api('POST', '/workflows', { name, nodes, connections, settings: workflow.settings ?? {} })) as {
			id: string;
			name: string;
		};
	}

	async getWorkflow(id: string): Promise<WorkflowJson & { active: boolean }> {
		return (await this.api('GET', `/workflows/${id}`)) as WorkflowJson & { active: boolean };
	}

	async activate(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/activate`);
	}

	async deactivate(id: string): Promise<void> {
		await this.api('POST', `/workflows/${id}/deactivate`);
	}

	async executions(workflowId: string, includeData = true): Promise<Execution[]> {
		const qs = new URLSearchParams({ workflowId, includeData: String(includeData), limit: '250' });
		const page = (await this.api('GET', `/executions?${qs}`)) as { data: Execution[] };
		return page.data;
	}

	/** Waits until `count` executions of the workflow have finished (any status) and returns them, oldest first. */
	async waitForExecutions(workflowId: string, count: number, timeoutMs = 60000): Promise<Execution[]> {
		const deadline = Date.now() + timeoutMs;
		let last: Execution[] = [];
		while (Date.now() < deadline) {
			last = (await this.executions(workflowId)).filter((e) => e.stoppedAt || e.finished);
			if (last.length >= count) return last.sort((a, b) => Number(a.id) - Number(b.id));
			await delay(300);
		}
		throw new Error(`workflow ${workflowId}: ${last.length} of ${count} executions finished after ${timeoutMs / 1000} s`);
	}
}

/** Items a node put on its first output in an execution (empty when the node did not run). */
export function nodeOutput(execution: Execution, nodeName: string): Json[] {
	const runs = execution.data?.resultData.runData[nodeName] ?? [];
	return runs.flatMap((run) => (run.data?.main?.[0] ?? []).map((item) => item.json));
}

/**
 * Polls until n8n has registered the POST webhook at `url` (activation returns a moment before). A GET is answered
 * "not registered for GET … Did you mean to make a POST request?" once the POST webhook exists, so nothing runs.
 */
export async function waitForWebhook(url: string, timeoutMs = 15000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	let last = '';
	while (Date.now() < deadline) {
		const res = await request(url, { method: 'GET' });
		last = await res.body.text();
		if (res.statusCode !== 404 || /POST request/.test(last)) return;
		await delay(150);
	}
	throw new Error(`webhook ${url} not registered after ${timeoutMs / 1000} s: ${last.slice(0, 200)}`);
}
