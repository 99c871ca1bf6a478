import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { tikTokApiRequest } from '../../shared/transport';
import { toIsoTimeOrAsIs } from '../../shared/time';
import { idToString } from '../../shared/values';
import { tikTokCode, withDescription } from './common';

export const ADMIN_HINT =
	'Test leads and lead downloads need the Admin role on the ad account (Business Center > Get Assets shows your role on each account).';

/** Shown in the editor above the parameters of the operations TikTok reserves for account Admins. */
export function adminNotice(operation: string): INodeProperties {
	return {
		displayName: ADMIN_HINT,
		name: 'adminNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { resource: ['lead'], operation: [operation] } },
	};
}

/** Explains TikTok's refusals on test-lead and lead-download calls. */
export function explainLeadError(error: unknown, advertiserId: string, extra = ''): unknown {
	const code = tikTokCode(error);
	if (code === 40001) {
		return withDescription(
			error,
			`${ADMIN_HINT} If you are Admin on ad account ${advertiserId}, re-authorize it in TikTok with the Lead Management permission.`,
		);
	}
	if (code === 40002 && extra) return withDescription(error, extra);
	return error;
}

/** The current test lead of a form, or undefined when there is none (TikTok answers an empty object). */
export async function currentTestLead(
	this: IExecuteFunctions,
	advertiserId: string,
	formId: string,
	itemIndex: number,
): Promise<IDataObject | undefined> {
	const { data } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/page/lead/mock/get/',
		qs: { advertiser_id: advertiserId, page_id: formId },
		itemIndex,
	});
	const meta = data.meta_data as IDataObject | undefined;
	return meta?.lead_id ? data : undefined;
}

/** Deletes a test lead. TikTok's sources disagree on the key (lead_id vs page_id), so both go along. */
export async function deleteTestLead(
	this: IExecuteFunctions,
	advertiserId: string,
	formId: string,
	leadId: string,
	itemIndex: number,
): Promise<void> {
	await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/page/lead/mock/delete/',
		body: { advertiser_id: advertiserId, page_id: formId, lead_id: leadId },
		itemIndex,
		idempotent: false,
	});
}

/** A test lead as an output item: meta data flattened, answers under lead_data. */
export function shapeTestLead(data: IDataObject, advertiserId: string): IDataObject {
	const meta = (data.meta_data ?? {}) as IDataObject;
	const out: IDataObject = { advertiserId };
	for (const [key, value] of Object.entries(meta)) {
		out[key] = /_id$/.test(key) ? idToString(value) : value;
	}
	if (meta.create_time !== undefined) out.create_time = toIsoTimeOrAsIs(meta.create_time);
	out.lead_data = (data.lead_data ?? {}) as IDataObject;
	return out;
}
