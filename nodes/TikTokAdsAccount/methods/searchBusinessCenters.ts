import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { tikTokApiRequest } from '../../TikTokAds/transport';
import { foldText } from '../helpers/advertiser';

/** TikTok's maximum page size for /bc/get/. */
const PAGE_SIZE = 50;

/** Business Centers the token's user belongs to; /bc/get/ has no name filter, so the search is local per page. */
export async function searchBusinessCenters(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = Math.max(1, Number(paginationToken) || 1);
	const { data } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/bc/get/',
		qs: { page, page_size: PAGE_SIZE },
	});
	const needle = foldText(filter ?? '');
	const list = (data.list as IDataObject[] | undefined) ?? [];
	const results = list
		.map((entry) => {
			const info = (entry.bc_info ?? {}) as IDataObject;
			return { name: `${String(info.name ?? info.bc_id)} (${String(entry.user_role ?? '')})`, value: String(info.bc_id) };
		})
		.filter((r) => !needle || foldText(r.name).includes(needle) || r.value.includes(needle));
	const totalPage = Number((data.page_info as IDataObject | undefined)?.total_page ?? 1);
	return { results, paginationToken: page < totalPage && list.length > 0 ? String(page + 1) : undefined };
}
