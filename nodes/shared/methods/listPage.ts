import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
} from 'n8n-workflow';

import { tikTokApiRequest } from '../transport';

/** The `advertiserId` parameter of the node being edited (resource locator or plain string). */
export function currentAdvertiserId(context: ILoadOptionsFunctions): string {
	let value: unknown;
	try {
		value = context.getCurrentNodeParameter('advertiserId', { extractValue: true });
	} catch {
		// extractValue needs the property visible under the node's current resource/operation; read it raw instead.
		value = context.getCurrentNodeParameter('advertiserId');
	}
	if (value && typeof value === 'object' && 'value' in value) value = (value as { value: unknown }).value;
	const id = typeof value === 'string' || typeof value === 'number' ? String(value).trim() : '';
	if (!id) {
		throw new NodeOperationError(context.getNode(), 'Choose an advertiser first', {
			description: 'This list depends on the Advertiser parameter; select or enter an advertiser, then open the list again.',
		});
	}
	return id;
}

export interface ListPageRequest {
	path: string;
	/** Query parameters other than `page` and `page_size`. */
	qs: IDataObject;
	pageSize: number;
	/** Where the records are in `data` (default `list`). */
	listKey?: string;
	/** Pagination tokens are `<tokenPrefix><page>` (default: the bare page number). */
	tokenPrefix?: string;
}

/**
 * One page of a TikTok list endpoint paged by `page`/`page_size` (with `page_info.total_page`): the page the
 * list-search pagination token names (page 1 without one), and the token of the next page if there is one.
 */
export async function fetchListPage(
	context: ILoadOptionsFunctions,
	request: ListPageRequest,
	paginationToken: string | undefined,
): Promise<{ list: IDataObject[]; nextToken: string | undefined }> {
	const prefix = request.tokenPrefix ?? '';
	const pageText = paginationToken?.startsWith(prefix) ? paginationToken.slice(prefix.length) : '';
	const page = Math.max(1, Number(pageText) || 1);
	const { data } = await tikTokApiRequest.call(context, {
		method: 'GET',
		path: request.path,
		qs: { ...request.qs, page, page_size: request.pageSize },
	});
	const list = (data[request.listKey ?? 'list'] as IDataObject[] | undefined) ?? [];
	const totalPage = Number((data.page_info as IDataObject | undefined)?.total_page ?? 1);
	return { list, nextToken: page < totalPage && list.length > 0 ? `${prefix}${page + 1}` : undefined };
}
