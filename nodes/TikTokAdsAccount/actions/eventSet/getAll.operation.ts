import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest, tikTokApiRequestAllItems } from '../../../shared/transport';
import { toIsoTimeOrAsIs } from '../../../shared/time';
import { explainAdvertiserError, readId, toItems, type Operation } from '../../helpers/common';
import { eventSetItem } from '../../helpers/eventSets';
import { advertiserFor } from '../../helpers/pickers';

export const description: Operation['description'] = [
	advertiserFor('eventSet', ['getAll']),
	{
		displayName: 'Event Sources',
		name: 'eventSources',
		type: 'multiOptions',
		default: ['web', 'crm', 'offline'],
		displayOptions: { show: { resource: ['eventSet'], operation: ['getAll'] } },
		options: [
			{ name: 'CRM Event Sets', value: 'crm' },
			{ name: 'Offline Event Sets', value: 'offline' },
			{ name: 'Pixels (Web)', value: 'web' },
		],
		description: 'Which kinds of event sources to list',
	},
];

/**
 * Every item has eventSource and eventSourceId — exactly what the Conversion Event node sends to the
 * Events API (pixel code for web, event set ID for CRM and offline) — plus TikTok's own fields.
 */
export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const sources = this.getNodeParameter('eventSources', itemIndex, []) as string[];
	const out: IDataObject[] = [];
	try {
		if (sources.includes('web')) {
			const pixels = await tikTokApiRequestAllItems.call(
				this,
				{ method: 'GET', path: '/pixel/list/', qs: { advertiser_id: advertiserId }, itemIndex },
				{ listKey: 'pixels', pageSize: 20 },
			);
			for (const pixel of pixels) {
				out.push({
					eventSource: 'web',
					eventSourceId: String(pixel.pixel_code ?? ''),
					name: pixel.pixel_name ?? '',
					advertiserId,
					...pixel,
					pixel_id: String(pixel.pixel_id ?? ''),
					create_time: toIsoTimeOrAsIs(pixel.create_time),
				});
			}
		}
		if (sources.includes('crm')) {
			const { data } = await tikTokApiRequest.call(this, {
				method: 'GET',
				path: '/crm/list/',
				qs: { advertiser_id: advertiserId },
				itemIndex,
			});
			for (const set of (data.crm_event_sets as IDataObject[] | undefined) ?? []) {
				out.push(eventSetItem('crm', set, advertiserId));
			}
		}
		if (sources.includes('offline')) {
			const { data } = await tikTokApiRequest.call(this, {
				method: 'GET',
				path: '/offline/get/',
				qs: { advertiser_id: advertiserId },
				itemIndex,
			});
			for (const set of (data.event_set_list as IDataObject[] | undefined) ?? []) {
				out.push(eventSetItem('offline', set, advertiserId));
			}
		}
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
	return toItems(out, itemIndex);
}
