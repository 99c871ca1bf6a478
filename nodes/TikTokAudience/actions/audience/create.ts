import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { showFor, type Operation } from '../common';
import { syncSegment } from './sync';

export const description: Operation['description'] = [
	{
		displayName:
			'TikTok calculates a new audience before it accepts more data, often for hours: run Add Users, Remove Users or Replace Users on it the next day, or turn on their Wait for Ready option',
		name: 'createNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(['create']),
	},
];
export const scope: Operation['scope'] = 'segment';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncSegment.call(this, 'CREATE');
}
