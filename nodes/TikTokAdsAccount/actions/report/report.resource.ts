import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as get from './get.operation';

export const operations: Record<string, Operation> = { get };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['report'] } },
		default: 'get',
		options: [
			{
				name: 'Get Report',
				value: 'get',
				action: 'Get a report',
				description: 'Spend, results and cost per result per campaign, ad group or ad and day (one item per row)',
			},
		],
	},
	...descriptionsOf(operations),
];
