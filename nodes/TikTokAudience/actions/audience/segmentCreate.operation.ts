import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { readId, showFor, toItems, type Operation } from '../../helpers/common';

/** Create Segment Audience: POST /segment/audience/ (docs/tiktok-api-contract.md). TikTok shortens longer names. */
const NAME_LIMIT = 70;

export const consumes = 'item';

export const description: Operation['description'] = [
	{
		displayName: 'Audience Name',
		name: 'segmentAudienceName',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Retargeting – no purchase yet',
		displayOptions: showFor(['segmentCreate']),
		description: 'TikTok shortens names over 70 characters',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
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
}
