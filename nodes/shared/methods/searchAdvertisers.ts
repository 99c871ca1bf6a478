import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { getAppCredentials, tikTokApiRequest } from '../transport';

const PAGE = 100;

/** Advertisers the credential's token is authorized for; TikTok returns them unpaginated, so pages are local. */
export async function searchAdvertisers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { appId, appSecret } = await getAppCredentials.call(this);
	const { data } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/oauth2/advertiser/get/',
		qs: { app_id: appId, secret: appSecret },
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const matches = ((data.list as IDataObject[] | undefined) ?? [])
		.map((advertiser) => ({
			name: String(advertiser.advertiser_name ?? advertiser.advertiser_id),
			value: String(advertiser.advertiser_id),
		}))
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle) || entry.value.includes(needle));
	const start = Number(paginationToken ?? 0) || 0;
	const results = matches.slice(start, start + PAGE);
	const next = start + PAGE;
	return { results, paginationToken: next < matches.length ? String(next) : undefined };
}
