import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { Operation } from '../common';
import { syncSegment } from './sync';

export const description: Operation['description'] = [];
export const scope: Operation['scope'] = 'segment';

export async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[]> {
	return await syncSegment.call(this, 'APPEND');
}
