import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../../../shared/transport';
import { readId, readLimit, returnAllAndLimit, toItems, type Operation } from '../../helpers/common';

export const consumes = 'item';

export const description: Operation['description'] = returnAllAndLimit({ operation: ['getAll'] });

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const limit = readLimit(this, itemIndex);
	const audiences = await tikTokApiRequestAllItems.call(
		this,
		{ method: 'GET', path: '/dmp/custom_audience/list/', qs: { advertiser_id: advertiserId }, itemIndex },
		{ pageSize: 100, limit },
	);
	return toItems(
		audiences.map((audience) => ({ advertiserId, ...audience })),
		itemIndex,
	);
}
