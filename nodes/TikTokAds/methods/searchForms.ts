import {
	NodeOperationError,
	type IDataObject,
	type ILoadOptionsFunctions,
	type INodeListSearchResult,
} from 'n8n-workflow';

import { tikTokApiRequest } from '../transport';

const PAGE_SIZE = 50;

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
	const page = Math.max(1, Number(paginationToken) || 1);
	const { data } = await tikTokApiRequest.call(this, {
		method: 'GET',
		path: '/page/get/',
		qs: {
			advertiser_id: advertiserId,
			business_type: 'LEAD_GEN',
			page,
			page_size: PAGE_SIZE,
			title: filter?.trim() || undefined,
		},
	});
	const list = (data.list as IDataObject[] | undefined) ?? [];
	const results = list.map((form) => ({
		name: `${String(form.title ?? form.page_id)}${form.status === 'EDITED' ? ' (draft)' : ''}`,
		value: String(form.page_id),
	}));
	const totalPage = Number((data.page_info as IDataObject | undefined)?.total_page ?? 1);
	return { results, paginationToken: page < totalPage && list.length > 0 ? String(page + 1) : undefined };
}
