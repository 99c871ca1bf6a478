import type { IDataObject, INodeExecutionData, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { getAppCredentials } from '../shared/transport';
import {
	dedupeLeads,
	mergeRecentLeadIds,
	readRecentLeadIds,
	recentLeadIdsInProcess,
	rememberLeadIdsInProcess,
} from '../shared/leads/recentLeads';
import {
	buildFieldMapping,
	LEAD_OBJECT,
	leadIdOf,
	MAX_DELIVERY_BYTES,
	parseLeadDelivery,
	selectLeads,
	simplifyLead,
	type LeadSelection,
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
	const refusal = await checkRequest(this, rawBody, options);
	if (refusal) return refusal;
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
	const selection = selectOwnLeads(this, delivery.entries);
	const { leads, duplicates } = options.dedupe !== false ? dropRepeats(this, selection.leads) : { leads: selection.leads, duplicates: 0 };
	const summary = summarise(this, delivery.entries.length, leads.length, duplicates, selection);
	if (leads.length === 0) return { webhookResponse: summary };
	const simplify = options.simplify !== false;
	const mapping = buildFieldMapping(options.fieldMapping?.mappings ?? []);
	const items: INodeExecutionData[] = leads.map((lead) => ({
		json: (simplify ? simplifyLead(lead, mapping) : lead) as IDataObject,
	}));
	return { webhookResponse: summary, workflowData: [items] };
}

/** Size first (the signature check is work proportional to the body), then the signature; an answer if refused. */
async function checkRequest(
	context: IWebhookFunctions,
	rawBody: Buffer,
	options: DeliveryOptions,
): Promise<IWebhookResponseData | undefined> {
	if (rawBody.length > MAX_DELIVERY_BYTES) {
		const reason = `The body is ${rawBody.length} bytes; a TikTok lead delivery is at most ${MAX_DELIVERY_BYTES} bytes.`;
		context.logger.warn(`TikTok Lead Form Trigger refused a delivery: ${reason}`, { node: context.getNode().name });
		return refuse(context, 400, reason);
	}
	if (options.verifySignature === false) return undefined;
	const { appSecret } = await getAppCredentials.call(context);
	const signature = headerValue(context.getHeaderData() as IDataObject, 'x-open-signature');
	if (verifyLeadSignature(rawBody, signature, appSecret)) return undefined;
	const what =
		signature === undefined
			? 'a delivery without an X-Open-Signature header'
			: 'a delivery whose X-Open-Signature does not match the app secret';
	context.logger.warn(
		`TikTok Lead Form Trigger refused ${what} (HTTP 401). If TikTok sent it, the credential's App Secret ` +
			'is not the current secret of the app (was it reset?): copy it again from the TikTok developer portal.',
		{ node: context.getNode().name },
	);
	return refuse(context, 401, 'Invalid or missing X-Open-Signature.');
}

/** The leads of this trigger's advertiser, form and lead source. */
function selectOwnLeads(context: IWebhookFunctions, entries: unknown[]): LeadSelection {
	const leadSource = context.getNodeParameter('leadSource', 'INSTANT_FORM') as string;
	return selectLeads(entries, {
		advertiserId: String(context.getNodeParameter('advertiserId', '', { extractValue: true }) ?? '').trim(),
		formId:
			leadSource === 'INSTANT_FORM'
				? String(context.getNodeParameter('formId', '', { extractValue: true }) ?? '').trim()
				: '',
		leadSource,
	});
}

/** Leads already emitted recently (TikTok redelivers) are dropped; the fresh ones are remembered. */
function dropRepeats(context: IWebhookFunctions, leads: LeadSelection['leads']): { leads: LeadSelection['leads']; duplicates: number } {
	const staticData = context.getWorkflowStaticData('node');
	const processKey = `${context.getWorkflow().id ?? ''}:${context.getNode().id}`;
	const recent = mergeRecentLeadIds(readRecentLeadIds(staticData.recentLeadIds), recentLeadIdsInProcess(processKey));
	const result = dedupeLeads(leads, leadIdOf, recent);
	if (result.fresh.length > 0) {
		// Reassigned, not mutated in place: n8n saves static data when a top-level key changes.
		staticData.recentLeadIds = result.recent;
		rememberLeadIdsInProcess(processKey, result.recent);
	}
	return { leads: result.fresh, duplicates: result.duplicates };
}

/** The answer to TikTok: what was kept and why the rest was not (malformed entries are also logged). */
function summarise(
	context: IWebhookFunctions,
	received: number,
	accepted: number,
	duplicates: number,
	selection: LeadSelection,
): IDataObject {
	const summary: IDataObject = {
		received,
		accepted,
		duplicates,
		otherAdvertiser: selection.otherAdvertiser,
		otherForm: selection.otherForm,
		otherLeadSource: selection.otherSource,
		invalid: selection.invalid.length,
	};
	if (selection.invalid.length > 0) {
		summary.invalidReasons = selection.invalid.slice(0, 10).map((i) => i.reason);
		context.logger.warn(
			`TikTok Lead Form Trigger skipped ${selection.invalid.length} malformed entr${selection.invalid.length === 1 ? 'y' : 'ies'}: ${selection.invalid[0].reason}`,
			{ node: context.getNode().name },
		);
	}
	return summary;
}
