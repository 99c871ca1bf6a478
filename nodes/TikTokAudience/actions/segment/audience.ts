import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../TikTokAds/transport';
import { readId, toItems, type Operation } from '../common';

/** Create Segment Audience / Delete Segment Audience: POST /segment/audience/ (docs/tiktok-api-contract.md). */
const NAME_LIMIT = 70;

export const createOperation: Operation = {
	scope: 'item',
	description: [],
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
		const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
		const name = String(this.getNodeParameter('segmentAudienceName', itemIndex, '') ?? '').trim();
		if (!name) {
			throw new NodeOperationError(this.getNode(), 'No audience name was given', {
				itemIndex,
				description: 'Give the segment audience a name, e.g. "Retargeting – no purchase yet".',
			});
		}
		const { data, requestId } = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/segment/audience/',
			body: { advertiser_id: advertiserId, action: 'create', custom_audience_name: name },
			itemIndex,
			idempotent: false,
		});
		const json: IDataObject = {
			advertiserId,
			audienceId: String(data.audience_id ?? ''),
			name,
			requestId,
			note: 'TikTok accepts people for a new segment audience after a minute or two.',
		};
		if (name.length > NAME_LIMIT) json.nameShortenedByTikTok = true;
		return toItems([json], itemIndex);
	},
};

export const deleteOperation: Operation = {
	scope: 'item',
	description: [],
	async execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
		const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
		const audienceId = readId(this, 'segmentAudienceId', 'segment audience ID', itemIndex);
		const { requestId } = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/segment/audience/',
			body: { advertiser_id: advertiserId, action: 'delete', delete_audience_id: audienceId },
			itemIndex,
		});
		return toItems([{ advertiserId, audienceId, deleted: true, requestId }], itemIndex);
	},
};
