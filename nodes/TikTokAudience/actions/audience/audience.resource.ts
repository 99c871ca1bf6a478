import type { INodeProperties } from 'n8n-workflow';

import type { Operation } from '../../../shared/operation';
import * as append from './append.operation';
import * as create from './create.operation';
import { advertiserField, audienceField, segmentFields, segmentOptions } from './customerFile.description';
import * as del from './delete.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as remove from './remove.operation';
import * as replace from './replace.operation';
import { segmentApiFields, segmentApiNotice } from './segmentApi.description';
import * as segmentAdd from './segmentAdd.operation';
import * as segmentCreate from './segmentCreate.operation';
import * as segmentDelete from './segmentDelete.operation';
import * as segmentRemove from './segmentRemove.operation';

/**
 * The one resource of the Audience node (the node has no Resource parameter). Customer-file operations
 * (create, append, replace, remove) take the whole input as one segment; the segment-API ones work person by person.
 */
export const operations: Record<string, Operation> = {
	create,
	append,
	replace,
	remove,
	get,
	getAll,
	delete: del,
	segmentCreate,
	segmentDelete,
	segmentAdd,
	segmentRemove,
};

const operationSelector: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'append',
	options: [
		{
			name: 'Add People (Segment Audience)',
			value: 'segmentAdd',
			action: 'Add people to a segment audience',
			description: 'Real time: add each input person to a segment audience within minutes',
		},
		{
			name: 'Add Users',
			value: 'append',
			action: 'Add users to an audience',
			description: 'Add the input items (the segment) to an existing audience',
		},
		{
			name: 'Create',
			value: 'create',
			action: 'Create an audience',
			description: 'Create a customer file audience from the input items',
		},
		{
			name: 'Create Segment Audience',
			value: 'segmentCreate',
			action: 'Create a segment audience',
			description: 'Create an audience that changes person by person (for event-driven flows)',
		},
		{ name: 'Delete', value: 'delete', action: 'Delete an audience', description: 'Delete a custom audience' },
		{
			name: 'Delete Segment Audience',
			value: 'segmentDelete',
			action: 'Delete a segment audience',
			description: 'Delete a segment audience',
		},
		{ name: 'Get', value: 'get', action: 'Get an audience', description: 'Get an audience with its size, state and history' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many audiences', description: 'List the custom audiences of an ad account' },
		{
			name: 'Remove People (Segment Audience)',
			value: 'segmentRemove',
			action: 'Remove people from a segment audience',
			description: 'Real time: remove each input person from a segment audience within minutes',
		},
		{
			name: 'Remove Users',
			value: 'remove',
			action: 'Remove users from an audience',
			description: 'Remove the input items (the segment) from an existing audience',
		},
		{
			name: 'Replace Users',
			value: 'replace',
			action: 'Replace the users of an audience',
			description: 'Make the audience exactly the input items (at least 1,000 valid identifiers)',
		},
	],
};

/** In editor order: parameters several operations share sit between the operations' own ones. */
export const description: INodeProperties[] = [
	operationSelector,
	advertiserField,
	audienceField,
	...create.description,
	...segmentFields,
	segmentApiNotice,
	...segmentCreate.description,
	...segmentApiFields,
	...append.description,
	...replace.description,
	...remove.description,
	...get.description,
	...getAll.description,
	...del.description,
	...segmentDelete.description,
	...segmentAdd.description,
	...segmentRemove.description,
	segmentOptions,
];
