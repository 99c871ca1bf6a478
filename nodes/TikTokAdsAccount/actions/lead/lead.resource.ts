import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as createTest from './createTest.operation';
import * as deleteTest from './deleteTest.operation';
import * as download from './download.operation';
import * as importCsv from './importCsv.operation';

export const operations: Record<string, Operation> = { createTest, deleteTest, download, importCsv };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['lead'] } },
		default: 'download',
		options: [
			{
				name: 'Create Test Lead',
				value: 'createTest',
				action: 'Create a test lead',
				description: 'Create a test lead on a form (one per form)',
			},
			{
				name: 'Delete Test Lead',
				value: 'deleteTest',
				action: 'Delete a test lead',
				description: "Delete a form's test lead",
			},
			{
				name: 'Download',
				value: 'download',
				action: 'Download leads',
				description: 'Download the leads of a form or ad (one item per lead)',
			},
			{
				name: 'Import CSV',
				value: 'importCsv',
				action: 'Import leads from a CSV file',
				description: 'Read a lead export file (one item per lead)',
			},
		],
	},
	...descriptionsOf(operations),
];
