import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as getAll from './getAll.operation';
import * as getAssets from './getAssets.operation';

export const operations: Record<string, Operation> = { getAll, getAssets };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['businessCenter'] } },
		default: 'getAssets',
		options: [
			{
				name: 'Get Assets',
				value: 'getAssets',
				action: 'Get assets of a business center',
				description: 'List ad accounts (with your role on each) or other assets of a Business Center',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many business centers',
				description: 'List the Business Centers you belong to',
			},
		],
	},
	...descriptionsOf(operations),
];
