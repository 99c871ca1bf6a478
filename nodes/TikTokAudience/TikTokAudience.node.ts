import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../TikTokAds/methods/searchAdvertisers';
import { searchAudiences } from '../TikTokAds/methods/searchAudiences';
import { CREDENTIAL_TYPE } from '../TikTokAds/transport';
import {
	advertiserField,
	audienceField,
	nameField,
	segmentFields,
	segmentOptions,
} from './actions/audience/fields';
import { operations, router } from './actions/router';
import { segmentApiFields } from './actions/segment/fields';

const operation: INodeProperties = {
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

export class TikTokAudience implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Audience',
		name: 'tikTokAudience',
		icon: { light: 'file:../TikTokAds/tiktok.svg', dark: 'file:../TikTokAds/tiktok.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Sync a segment (emails, phones, advertising IDs) into TikTok custom audiences, hashed on your side',
		defaults: { name: 'TikTok Audience' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			operation,
			advertiserField,
			audienceField,
			nameField,
			...segmentFields,
			...segmentApiFields,
			...Object.values(operations).flatMap((op) => op.description),
			segmentOptions,
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchAudiences },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
