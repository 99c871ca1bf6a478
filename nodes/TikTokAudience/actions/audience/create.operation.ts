import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { showFor, type Operation } from '../../helpers/common';
import { syncSegment } from '../../helpers/sync';

export const description: Operation['description'] = [
	{
		displayName: 'Audience Name',
		name: 'name',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. Khách hàng VIP',
		displayOptions: showFor(['create']),
		description: 'Name of the new audience in TikTok Ads Manager (at most 128 characters)',
	},
	{
		displayName:
			'TikTok calculates a new audience before it accepts more data, often for hours: run Add Users, Remove Users or Replace Users on it the next day, or turn on their Wait for Ready option',
		name: 'createNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(['create']),
	},
];
export const consumes = 'items';

/** The whole input is one segment: one run, one summary item paired with every input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncSegment.call(this, 'CREATE');
}
