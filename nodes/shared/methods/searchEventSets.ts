import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { tikTokApiRequest } from '../transport';
import { currentAdvertiserId, fetchListPage } from './listPage';

/** TikTok's maximum page size for /pixel/list/. */
const PIXEL_PAGE_SIZE = 20;

type Source = 'web' | 'crm' | 'offline';

/** Which event sources to list: the node's `eventSource` parameter when it has one, else all three. */
function wantedSources(context: ILoadOptionsFunctions): Source[] {
	let source: unknown;
	try {
		source = context.getCurrentNodeParameter('eventSource');
	} catch {
		source = undefined;
	}
	if (source === 'web' || source === 'pixel') return ['web'];
	if (source === 'crm') return ['crm'];
	if (source === 'offline') return ['offline'];
	// App events are identified by a TikTok App ID, which no event-set endpoint lists.
	if (source === 'app') return [];
	return ['web', 'crm', 'offline'];
}

function matches(needle: string, ...values: unknown[]): boolean {
	return !needle || values.some((v) => String(v ?? '').toLowerCase().includes(needle));
}

/**
 * Pixels, CRM event sets and offline event sets of the selected advertiser, as Events API `event_source_id`
 * values (pixel code for web, event set ID for CRM/offline). Pixels are paged by TikTok (token "pixel:<page>");
 * CRM and offline sets are small unpaged lists and arrive with the last pixel page.
 */
export async function searchEventSets(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const advertiserId = currentAdvertiserId(this);
	const sources = wantedSources(this);
	const needle = (filter ?? '').trim().toLowerCase();
	const showSourceLabel = sources.length > 1;
	const results: INodeListSearchResult['results'] = [];

	if (sources.includes('web')) {
		const { list: pixels, nextToken } = await fetchListPage(
			this,
			{
				path: '/pixel/list/',
				qs: { advertiser_id: advertiserId },
				pageSize: PIXEL_PAGE_SIZE,
				listKey: 'pixels',
				tokenPrefix: 'pixel:',
			},
			paginationToken,
		);
		for (const pixel of pixels) {
			if (!matches(needle, pixel.pixel_name, pixel.pixel_code, pixel.pixel_id)) continue;
			results.push({
				name: `${showSourceLabel ? 'Pixel: ' : ''}${String(pixel.pixel_name ?? pixel.pixel_code)} (${String(pixel.pixel_code)})`,
				value: String(pixel.pixel_code),
			});
		}
		if (nextToken) return { results, paginationToken: nextToken };
	}

	if (sources.includes('crm')) {
		const sets = await eventSetList(this, '/crm/list/', 'crm_event_sets', advertiserId);
		results.push(...setResults(sets, needle, showSourceLabel ? 'CRM: ' : ''));
	}
	if (sources.includes('offline')) {
		const sets = await eventSetList(this, '/offline/get/', 'event_set_list', advertiserId);
		results.push(...setResults(sets, needle, showSourceLabel ? 'Offline: ' : ''));
	}
	return { results };
}

/** CRM or offline event sets: small lists TikTok returns unpaged. */
async function eventSetList(
	context: ILoadOptionsFunctions,
	path: string,
	listKey: string,
	advertiserId: string,
): Promise<IDataObject[]> {
	const { data } = await tikTokApiRequest.call(context, { method: 'GET', path, qs: { advertiser_id: advertiserId } });
	return (data[listKey] as IDataObject[] | undefined) ?? [];
}

function setResults(sets: IDataObject[], needle: string, label: string): INodeListSearchResult['results'] {
	return sets
		.filter((set) => matches(needle, set.name, set.event_set_id))
		.map((set) => ({ name: `${label}${String(set.name)}`, value: String(set.event_set_id) }));
}
