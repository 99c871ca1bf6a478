import type { IDataObject } from 'n8n-workflow';

import type { Emulator } from '../../../emulator';

export const locator = (value: string) => ({ __rl: true, mode: 'id', value });

/** The n8n type of the node under test. */
export const NODE = 'tikTokAdsAccount';

export function advertiserIds(emu: Emulator): string[] {
	return [...emu.state.core.advertisers.keys()];
}

/** Subscribes a callback to an advertiser's leads through the emulator's public API, as TikTok would. */
export async function subscribeLeads(emu: Emulator, advertiserId: string, callbackUrl: string, pageId?: string): Promise<string> {
	const res = await fetch(`${emu.baseUrl}/open_api/v1.3/subscription/subscribe/`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json' },
		body: JSON.stringify({
			app_id: emu.appId,
			secret: emu.appSecret,
			subscribe_entity: 'LEAD',
			callback_url: callbackUrl,
			subscription_detail: {
				access_token: emu.accessToken,
				advertiser_id: advertiserId,
				...(pageId ? { page_id: pageId } : {}),
			},
		}),
	});
	const body = (await res.json()) as { code: number; message: string; data: IDataObject };
	if (body.code !== 0) throw new Error(`subscribe failed: ${body.code} ${body.message}`);
	return String(body.data.subscription_id);
}

/** Query values the emulator recorded, JSON-decoded for list parameters. */
export function recordedIds(query: Record<string, unknown>, key: string): string[] {
	const value = query[key];
	return (typeof value === 'string' ? JSON.parse(value) : value) as string[];
}
