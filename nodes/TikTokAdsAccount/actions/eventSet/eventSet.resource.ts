import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as create from './create.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, Operation> = { create, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['eventSet'] } },
		default: 'getAll',
		options: [
			{
				name: 'Create Offline Event Set',
				value: 'create',
				action: 'Create an offline event set',
				description: 'Create an offline event set (e.g. one per Messenger page)',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many event sets',
				description: 'List pixels, CRM and offline event sets of an ad account',
			},
		],
	},
	...descriptionsOf(operations),
];
