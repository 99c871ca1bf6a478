import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { currentAdvertiserId, fetchListPage } from './listPage';

const PAGE_SIZE = 100;

/**
 * Custom audiences of the selected advertiser. /dmp/custom_audience/list/ has no name filter, so the search text
 * filters each page locally and the pagination token walks TikTok's pages.
 */
export async function searchAudiences(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const advertiserId = currentAdvertiserId(this);
	const { list, nextToken } = await fetchListPage(
		this,
		{ path: '/dmp/custom_audience/list/', qs: { advertiser_id: advertiserId }, pageSize: PAGE_SIZE },
		paginationToken,
	);
	const needle = (filter ?? '').trim().toLowerCase();
	const results = list
		.map((audience) => {
			const kind = audience.calculate_type ? String(audience.calculate_type) : String(audience.audience_type ?? '');
			const state = audience.is_valid === false ? ', calculating or expired' : '';
			return {
				name: `${String(audience.name ?? audience.audience_id)} (${kind}${state})`,
				value: String(audience.audience_id),
			};
		})
		.filter((entry) => !needle || entry.name.toLowerCase().includes(needle) || entry.value.includes(needle));
	return { results, paginationToken: nextToken };
}
