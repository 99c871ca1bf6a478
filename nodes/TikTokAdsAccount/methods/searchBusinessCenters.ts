import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { fetchListPage } from '../../shared/methods/listPage';
import { foldText } from '../../shared/values';

/** TikTok's maximum page size for /bc/get/. */
const PAGE_SIZE = 50;

/** Business Centers the token's user belongs to; /bc/get/ has no name filter, so the search is local per page. */
export async function searchBusinessCenters(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const { list, nextToken } = await fetchListPage(this, { path: '/bc/get/', qs: {}, pageSize: PAGE_SIZE }, paginationToken);
	const needle = foldText(filter ?? '');
	const results = list
		.map((entry) => {
			const info = (entry.bc_info ?? {}) as IDataObject;
			return { name: `${String(info.name ?? info.bc_id)} (${String(entry.user_role ?? '')})`, value: String(info.bc_id) };
		})
		.filter((r) => !needle || foldText(r.name).includes(needle) || r.value.includes(needle));
	return { results, paginationToken: nextToken };
}
