import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../TikTokAds/methods/searchAdvertisers';
import { searchEventSets } from '../TikTokAds/methods/searchEventSets';
import { CREDENTIAL_TYPE } from '../TikTokAds/transport';
import * as send from './actions/event/send.operation';
import * as trackMessaging from './actions/event/trackMessaging.operation';
import * as verifyMessenger from './actions/event/verifyMessenger.operation';
import { router } from './actions/router';

export class TikTokConversion implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Conversion Event',
		name: 'tikTokConversion',
		icon: { light: 'file:../TikTokAds/tiktok.svg', dark: 'file:../TikTokAds/tiktok.dark.svg' },
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
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'send',
				options: [
					{
						name: 'Send Event',
						value: 'send',
						action: 'Send a conversion event',
						description: 'Send one event per input item, batched up to 1,000 per request',
					},
					{
						name: 'Track Messaging Ads',
						value: 'trackMessaging',
						action: 'Track messaging ads conversions',
						description:
							'Turn Messenger and order activity into Conversation, Valid Conversation, InitiateCheckout and CompletePayment events',
					},
					{
						name: 'Verify Messenger Webhook',
						value: 'verifyMessenger',
						action: 'Verify a messenger webhook',
						description:
							'Answer Meta’s subscription check and verify X-Hub-Signature-256 before Messenger activity is trusted',
					},
				],
			},
			...send.description,
			...trackMessaging.description,
			...verifyMessenger.description,
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchEventSets },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
