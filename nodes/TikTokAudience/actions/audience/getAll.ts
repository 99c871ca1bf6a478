import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../../../TikTokAds/transport';
import { readId, showFor, toItems, type Operation } from '../common';

export const scope: Operation['scope'] = 'item';

export const description: Operation['description'] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		displayOptions: showFor(['getAll']),
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		displayOptions: showFor(['getAll'], { returnAll: [false] }),
		description: 'Max number of results to return',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? undefined : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const audiences = await tikTokApiRequestAllItems.call(
		this,
		{ method: 'GET', path: '/dmp/custom_audience/list/', qs: { advertiser_id: advertiserId }, itemIndex },
		{ pageSize: 100, limit },
	);
	return toItems(
		audiences.map((audience) => ({ advertiser_id: advertiserId, ...audience })),
		itemIndex,
	);
}
