import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { showFor, type Operation } from '../../helpers/common';
import { syncSegment } from '../../helpers/sync';

export const description: Operation['description'] = [
	{
		displayName:
			'Replace makes the audience exactly this segment, in one update. TikTok needs at least 1,000 valid identifiers and accepts about one replace per audience per day: for frequent syncs use Add Users and Remove Users',
		name: 'replaceNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor(['replace']),
	},
];
export const consumes = 'items';

/** The whole input is one segment: one run, one summary item paired with every input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncSegment.call(this, 'REPLACE');
}
