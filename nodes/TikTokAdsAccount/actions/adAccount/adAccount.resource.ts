import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';

export const operations: Record<string, Operation> = { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['adAccount'] } },
		default: 'getAll',
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get an ad account',
				description: 'Get one ad account with its status, role and lead webhook',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many ad accounts',
				description: 'List the ad accounts the credential is authorized for',
			},
		],
	},
	...descriptionsOf(operations),
];
