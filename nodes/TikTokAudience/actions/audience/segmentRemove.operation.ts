import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../../helpers/common';
import { syncMembers } from '../../helpers/segmentMembers';

export const description: Operation['description'] = [];
export const consumes = 'items';

/** Remove People: the input items are batched together, one output item per person. */
export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncMembers.call(this, 'delete');
}
