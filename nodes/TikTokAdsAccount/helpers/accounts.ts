import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { listLeadSubscriptions } from '../../shared/leads/subscriptions';
import { tikTokApiRequest } from '../../shared/transport';
import { chunk } from '../../shared/lists';
import {
	groupLeadSubscriptions,
	noLeadWebhook,
	shapeAdvertiser,
	type LeadWebhookState,
} from './advertiser';
import { explainCredentialError } from './common';

/** TikTok's limit of advertiser_ids per /advertiser/info/ call. */
export const INFO_CHUNK = 100;

export function accountOptions(resource: string, operation: string): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: [resource], operation: [operation] } },
		options: [
			{
				displayName: 'Include Lead Webhook State',
				name: 'includeLeadWebhook',
				type: 'boolean',
				default: true,
				description:
					"Whether to add each account's lead webhook subscriptions (callback URLs) under leadWebhook. Reads the app's subscriptions with the credential's App ID and Secret; turn off if the app cannot read them.",
			},
			{
				displayName: 'Simplify',
				name: 'simplify',
				type: 'boolean',
				default: true,
				description: 'Whether to return a simplified version of the response instead of the raw data',
			},
		],
	};
}

/** The app's LEAD subscriptions grouped by advertiser (one paginated read for all accounts). */
export async function leadWebhooksByAdvertiser(
	this: IExecuteFunctions,
	itemIndex: number,
): Promise<Map<string, LeadWebhookState>> {
	try {
		return groupLeadSubscriptions(await listLeadSubscriptions.call(this, itemIndex));
	} catch (error) {
		throw explainCredentialError(
			error,
			"Reading the app's lead webhook subscriptions needs the credential's App ID and Secret: check them, or turn off the option 'Include Lead Webhook State'.",
		);
	}
}

/** /advertiser/info/ for any number of ids, ≤ 100 per call, in the order given. */
export async function advertiserInfo(
	this: IExecuteFunctions,
	ids: string[],
	itemIndex: number,
): Promise<Map<string, IDataObject>> {
	const byId = new Map<string, IDataObject>();
	for (const part of chunk(ids, INFO_CHUNK)) {
		const { data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/advertiser/info/',
			qs: { advertiser_ids: part },
			itemIndex,
		});
		for (const record of (data.list as IDataObject[] | undefined) ?? []) {
			byId.set(String(record.advertiser_id), record);
		}
	}
	return byId;
}

export function shapeAccounts(
	ids: string[],
	info: Map<string, IDataObject>,
	names: Map<string, string>,
	webhooks: Map<string, LeadWebhookState> | undefined,
	simplify: boolean,
): IDataObject[] {
	return ids.map((id) => {
		const record = info.get(id);
		const shaped = shapeAdvertiser(record ?? { advertiser_id: id, name: names.get(id) ?? '' }, {
			simplify,
			webhook: webhooks ? (webhooks.get(id) ?? noLeadWebhook()) : undefined,
		});
		// TikTok listed the account as authorized but returned no details for it: say so instead of dropping it.
		if (!record) shaped.detailsMissing = 'TikTok returned no details for this account from /advertiser/info/';
		return shaped as IDataObject;
	});
}
