import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { fetchAudience } from '../../helpers/audience';
import { readId, showFor, toItems, type Operation } from '../../helpers/common';

export const consumes = 'item';

export const description: Operation['description'] = [
	{
		displayName: 'History Size',
		name: 'historySize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 100 },
		default: 10,
		displayOptions: showFor(['get']),
		description: 'How many of the latest changes (create, append, replace…) to include',
	},
];

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const audienceId = readId(this, 'audienceId', 'audience ID', itemIndex);
	const historySize = Number(this.getNodeParameter('historySize', itemIndex, 10));
	const { details, history } = await fetchAudience.call(this, advertiserId, audienceId, historySize, itemIndex);
	return toItems([{ advertiserId, ...details, history: history as IDataObject[] }], itemIndex);
}
