import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../shared/methods/searchAdvertisers';
import { searchEventSets } from '../shared/methods/searchEventSets';
import { route } from '../shared/operation';
import { CREDENTIAL_TYPE } from '../shared/transport';
import * as event from './actions/event/event.resource';

export class TikTokConversion implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Conversion Event',
		name: 'tikTokConversion',
		icon: { light: 'file:../shared/tiktok.svg', dark: 'file:../shared/tiktok.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{$parameter["operation"] === "send" ? "send: " + ($parameter["event"] === "__custom" ? $parameter["customEvent"] : $parameter["event"]) : ($parameter["operation"] === "verifyMessenger" ? "verify messenger webhook" : "track messaging ads")}}',
		description: 'Send conversion events to TikTok (Events API 2.0): web, app, offline and CRM',
		defaults: { name: 'TikTok Conversion Event' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// Checking a Messenger webhook talks to no TikTok API, so it needs no TikTok credential.
		credentials: [
			{ name: CREDENTIAL_TYPE, required: true, displayOptions: { show: { operation: ['send', 'trackMessaging'] } } },
		],
		properties: event.description,
	};

	methods = {
		listSearch: { searchAdvertisers, searchEventSets },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, { event: event.operations });
	}
}
