import type { IDataObject } from 'n8n-workflow';

import { getAppCredentials, tikTokApiRequestAllItems, type TikTokContext } from '../transport';

/**
 * Every LEAD webhook subscription of the app (app ID + secret, not the token): the Lead Form Trigger reconciles its
 * own against them, Ads Account shows them per advertiser.
 */
export async function listLeadSubscriptions(this: TikTokContext, itemIndex?: number): Promise<IDataObject[]> {
	const { appId, appSecret } = await getAppCredentials.call(this);
	return await tikTokApiRequestAllItems.call(
		this,
		{
			method: 'GET',
			path: '/subscription/get/',
			qs: { app_id: appId, secret: appSecret, subscribe_entity: 'LEAD' },
			itemIndex,
		},
		{ listKey: 'subscriptions', pageSize: 1000 },
	);
}
