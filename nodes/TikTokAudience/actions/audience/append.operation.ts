import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../helpers/common';
import { syncSegment } from '../../helpers/sync';

export const description: Operation['description'] = [];
export const consumes = 'items';

/** The whole input is one segment: one run, one summary item paired with every input item. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncSegment.call(this, 'APPEND');
}
