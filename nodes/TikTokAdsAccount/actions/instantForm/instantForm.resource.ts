import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as getAll from './getAll.operation';
import * as getFields from './getFields.operation';

export const operations: Record<string, Operation> = { getAll, getFields };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['instantForm'] } },
		default: 'getAll',
		options: [
			{
				name: 'Get Fields',
				value: 'getFields',
				action: 'Get the fields of an instant form',
				description: 'List the questions of a form, to map lead columns',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many instant forms',
				description: 'List the instant forms (lead forms) of an ad account',
			},
		],
	},
	...descriptionsOf(operations),
];
