import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { currentAdvertiserId, fetchListPage } from './listPage';

const PAGE_SIZE = 50;

/**
 * Instant forms (LEAD_GEN pages) of the selected advertiser. TikTok pages /page/get/ itself and filters titles
 * server-side, so the editor's search and "load more" map straight onto `title` and `page`.
 */
export async function searchForms(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const advertiserId = currentAdvertiserId(this);
	const { list, nextToken } = await fetchListPage(
		this,
		{
			path: '/page/get/',
			qs: { advertiser_id: advertiserId, business_type: 'LEAD_GEN', title: filter?.trim() || undefined },
			pageSize: PAGE_SIZE,
		},
		paginationToken,
	);
	const results = list.map((form) => ({
		name: `${String(form.title ?? form.page_id)}${form.status === 'EDITED' ? ' (draft)' : ''}`,
		value: String(form.page_id),
	}));
	return { results, paginationToken: nextToken };
}
