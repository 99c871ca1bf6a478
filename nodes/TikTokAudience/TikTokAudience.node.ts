import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../TikTokAds/methods/searchAdvertisers';
import { searchAudiences } from '../TikTokAds/methods/searchAudiences';
import { route } from '../TikTokAds/operation';
import { CREDENTIAL_TYPE } from '../TikTokAds/transport';
import * as audience from './actions/audience/audience.resource';

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
		properties: audience.description,
	};

	methods = {
		listSearch: { searchAdvertisers, searchAudiences },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, { audience: audience.operations });
	}
}
