import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { tikTokApiRequest } from '../transport';
import { currentAdvertiserId } from './searchForms';

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
	const page = Math.max(1, Number(paginationToken) || 1);
	const { data } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/dmp/custom_audience/list/',
		qs: { advertiser_id: advertiserId, page, page_size: PAGE_SIZE },
	});
	const needle = (filter ?? '').trim().toLowerCase();
	const list = (data.list as IDataObject[] | undefined) ?? [];
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
	const totalPage = Number((data.page_info as IDataObject | undefined)?.total_page ?? 1);
	return { results, paginationToken: page < totalPage && list.length > 0 ? String(page + 1) : undefined };
}
