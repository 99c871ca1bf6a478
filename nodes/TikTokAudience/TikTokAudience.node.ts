import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../shared/methods/searchAdvertisers';
import { searchAudiences } from '../shared/methods/searchAudiences';
import { route } from '../shared/operation';
import { CREDENTIAL_TYPE } from '../shared/transport';
import * as audience from './actions/audience/audience.resource';

export class TikTokAudience implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Audience',
		name: 'tikTokAudience',
		icon: { light: 'file:../shared/tiktok.svg', dark: 'file:../shared/tiktok.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"]}}',
		description: 'Sync a segment (emails, phones, advertising IDs) into TikTok custom audiences, hashed on your side',
		defaults: { name: 'TikTok Audience' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: audience.description,
	};

	methods = {
		listSearch: { searchAdvertisers, searchAudiences },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, { audience: audience.operations });
	}
}
