import {
	NodeConnectionTypes,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { advertiserIdLocator } from '../shared/descriptions';
import {
	DEDUPE_WINDOW_LIMITS,
	fieldMappingOption,
	leadFormParameter,
	leadSourceParameter,
	simplifyOption,
} from '../shared/leads/descriptions';
import { searchAdvertisers } from '../shared/methods/searchAdvertisers';
import { searchForms } from '../shared/methods/searchForms';
import { handleDelivery } from './delivery';
import { checkExists, create, remove } from './lifecycle';

export class TikTokLeadTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Lead Form Trigger',
		name: 'tikTokLeadTrigger',
		icon: { light: 'file:../shared/tiktok.svg', dark: 'file:../shared/tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["leadSource"] === "DIRECT_MESSAGE" ? "Direct message leads" : "Instant form leads"}}',
		description: 'Starts the workflow when someone submits a TikTok instant form (lead generation ads)',
		defaults: { name: 'TikTok Lead Form Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokAdsOAuth2Api', required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				path: 'webhook',
				// Empty, so n8n answers with the delivery summary webhook() returns instead of its 'firstEntryJson' default.
				responseData: '',
			},
		],
		properties: [
			{
				displayName:
					'Activating subscribes this trigger\'s production URL to the ad account\'s leads at TikTok; deactivating unsubscribes it. Listening for a test event adds a temporary test-URL subscription. Needs the Admin role; TikTok\'s sandbox has no lead webhooks.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{ ...advertiserIdLocator, description: 'The TikTok ad account whose leads start this workflow' },
			leadSourceParameter,
			leadFormParameter(
				'The instant form to listen to. Leave empty to receive leads from every instant form of the ad account.',
			),
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					{
						displayName: 'Deduplicate Leads',
						name: 'dedupe',
						type: 'boolean',
						default: true,
						description: `Whether to skip leads this trigger already received. TikTok delivers at least once and retries for 24 hours, so the same lead can arrive more than once. The window ${DEDUPE_WINDOW_LIMITS}; deduplicate in your database too when every repeat matters.`,
					},
					fieldMappingOption,
					simplifyOption,
					{
						displayName: 'Verify Signature',
						name: 'verifySignature',
						type: 'boolean',
						default: true,
						description:
							"Whether to refuse (HTTP 401) deliveries whose X-Open-Signature does not match the credential's app secret",
					},
				],
			},
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchForms },
	};

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return await checkExists.call(this);
			},
			async create(this: IHookFunctions): Promise<boolean> {
				return await create.call(this);
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return await remove.call(this);
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await handleDelivery.call(this);
	}
}
