import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getAppCredentials } from '../TikTokAds/transport';
import {
	dedupeLeads,
	mergeRecentLeadIds,
	readRecentLeadIds,
	recentLeadIdsInProcess,
	rememberLeadIdsInProcess,
} from '../TikTokAds/leads/recentLeads';
import {
	buildFieldMapping,
	LEAD_OBJECT,
	leadIdOf,
	MAX_DELIVERY_BYTES,
	parseLeadDelivery,
	selectLeads,
	simplifyLead,
} from './lead';
import { verifyLeadSignature } from './signature';

interface DeliveryOptions {
	simplify?: boolean;
	verifySignature?: boolean;
	dedupe?: boolean;
	fieldMapping?: { mappings?: Array<{ from?: string; to?: string }> };
}

function headerValue(headers: IDataObject, name: string): string | undefined {
	const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
	const value = key === undefined ? undefined : headers[key];
	if (Array.isArray(value)) return value.length === 1 ? String(value[0]) : undefined;
	return typeof value === 'string' ? value : undefined;
}

/** Answers without starting the workflow (the node writes the response itself). */
function refuse(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	context.getResponseObject().status(status).json({ code: status, message });
	return { noWebhookResponse: true };
}

/**
 * One TikTok delivery: verify, parse ID-safe, keep this trigger's leads, drop repeats, emit one item per lead.
 * Accepted deliveries are answered 200 straight away (the workflow runs after the answer, responseMode onReceived)
 * with a short summary of what was kept and why the rest was not.
 */
export async function handleDelivery(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const options = this.getNodeParameter('options', {}) as DeliveryOptions;
	const request = this.getRequestObject() as { rawBody?: Buffer };
	const rawBody = Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0);
	// Before the signature: its HMAC (and the unicode escaping TikTok signs) is work proportional to the body.
	if (rawBody.length > MAX_DELIVERY_BYTES) {
		const reason = `The body is ${rawBody.length} bytes; a TikTok lead delivery is at most ${MAX_DELIVERY_BYTES} bytes.`;
		this.logger.warn(`TikTok Lead Form Trigger refused a delivery: ${reason}`, { node: this.getNode().name });
		return refuse(this, 400, reason);
	}

	if (options.verifySignature !== false) {
		const { appSecret } = await getAppCredentials.call(this);
		const signature = headerValue(this.getHeaderData() as IDataObject, 'x-open-signature');
		if (!verifyLeadSignature(rawBody, signature, appSecret)) {
			const what =
				signature === undefined
					? 'a delivery without an X-Open-Signature header'
					: 'a delivery whose X-Open-Signature does not match the app secret';
			this.logger.warn(
				`TikTok Lead Form Trigger refused ${what} (HTTP 401). If TikTok sent it, the credential's App Secret ` +
					'is not the current secret of the app (was it reset?): copy it again from the TikTok developer portal.',
				{ node: this.getNode().name },
			);
			return refuse(this, 401, 'Invalid or missing X-Open-Signature.');
		}
	}

	const parsed = parseLeadDelivery(rawBody.toString('utf8'));
	if (!parsed.ok) {
		this.logger.warn(`TikTok Lead Form Trigger refused a delivery: ${parsed.reason}`, { node: this.getNode().name });
		return refuse(this, 400, parsed.reason);
	}
	const { delivery } = parsed;
	if (delivery.object !== LEAD_OBJECT) {
		return {
			webhookResponse: {
				received: true,
				ignored:
					delivery.object !== null || delivery.objectText === 'missing'
						? `object ${delivery.objectText} is not a lead notification`
						: `object is ${delivery.objectText}, not 1, so it is not a lead notification`,
			},
		};
	}

	const leadSource = this.getNodeParameter('leadSource', 'INSTANT_FORM') as string;
	const selection = selectLeads(delivery.entries, {
		advertiserId: String(this.getNodeParameter('advertiserId', '', { extractValue: true }) ?? '').trim(),
		formId:
			leadSource === 'INSTANT_FORM'
				? String(this.getNodeParameter('formId', '', { extractValue: true }) ?? '').trim()
				: '',
		leadSource,
	});

	let leads = selection.leads;
	let duplicates = 0;
	if (options.dedupe !== false) {
		const staticData = this.getWorkflowStaticData('node');
		const processKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}`;
		const recent = mergeRecentLeadIds(
			readRecentLeadIds(staticData.recentLeadIds),
			recentLeadIdsInProcess(processKey),
		);
		const result = dedupeLeads(leads, leadIdOf, recent);
		leads = result.fresh;
		duplicates = result.duplicates;
		if (leads.length > 0) {
			// Reassigned, not mutated in place: n8n saves static data when a top-level key changes.
			staticData.recentLeadIds = result.recent;
			rememberLeadIdsInProcess(processKey, result.recent);
		}
	}

	const summary: IDataObject = {
		received: delivery.entries.length,
		accepted: leads.length,
		duplicates,
		otherAdvertiser: selection.otherAdvertiser,
		otherForm: selection.otherForm,
		otherLeadSource: selection.otherSource,
		invalid: selection.invalid.length,
	};
	if (selection.invalid.length > 0) {
		summary.invalidReasons = selection.invalid.slice(0, 10).map((i) => i.reason);
		this.logger.warn(
			`TikTok Lead Form Trigger skipped ${selection.invalid.length} malformed entr${selection.invalid.length === 1 ? 'y' : 'ies'}: ${selection.invalid[0].reason}`,
			{ node: this.getNode().name },
		);
	}
	if (leads.length === 0) return { webhookResponse: summary };

	const simplify = options.simplify !== false;
	const mapping = buildFieldMapping(options.fieldMapping?.mappings ?? []);
	const items: INodeExecutionData[] = leads.map((lead) => ({
		json: (simplify ? simplifyLead(lead, mapping) : lead) as IDataObject,
	}));
	return { webhookResponse: summary, workflowData: [items] };
}
