import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { readId, toItems, type Operation } from '../../helpers/common';

export const consumes = 'item';

export const description: Operation['description'] = [];

/** Delete Segment Audience: POST /segment/audience/ (docs/tiktok-api-contract.md). */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const audienceId = readId(this, 'segmentAudienceId', 'segment audience ID', itemIndex);
	const { requestId } = await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/segment/audience/',
		body: { advertiser_id: advertiserId, action: 'delete', delete_audience_id: audienceId },
		itemIndex,
	});
	return toItems([{ advertiserId, audienceId, deleted: true, requestId }], itemIndex);
}
