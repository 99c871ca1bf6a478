import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest, type TikTokResult } from '../../../shared/transport';
import { explainAudienceError } from '../../helpers/audience';
import { readId, toItems, type Operation } from '../../helpers/common';

export const consumes = 'item';
export const description: Operation['description'] = [];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const audienceId = readId(this, 'audienceId', 'audience ID', itemIndex);
	let result: TikTokResult | undefined;
	let failure: unknown;
	try {
		result = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/dmp/custom_audience/delete/',
			body: { advertiser_id: advertiserId, custom_audience_ids: [audienceId] },
			itemIndex,
			// A replay after TikTok already deleted it would answer "invalid audience ID" for a delete that worked.
			idempotent: false,
		});
	} catch (error) {
		failure = error;
	}
	if (!result) throw explainAudienceError(failure, advertiserId, audienceId);
	return toItems([{ deleted: true, advertiserId, audienceId, requestId: result.requestId }], itemIndex);
}
