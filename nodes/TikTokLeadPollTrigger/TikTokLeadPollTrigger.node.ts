import {
	NodeConnectionTypes,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';

import { advertiserIdLocator } from '../shared/descriptions';
import {
	fieldMappingOption,
	leadFormParameter,
	leadSourceParameter,
	simplifyOption,
} from '../shared/leads/descriptions';
import { searchAdvertisers } from '../shared/methods/searchAdvertisers';
import { searchForms } from '../shared/methods/searchForms';
import { MAX_LOOKBACK_DAYS, OVERLAP_SECONDS } from './poll';
import { pollForLeads } from './run';

export class TikTokLeadPollTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Lead Poll Trigger',
		name: 'tikTokLeadPollTrigger',
		icon: { light: 'file:../shared/tiktok.svg', dark: 'file:../shared/tiktok.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["leadSource"] === "DIRECT_MESSAGE" ? "Direct message leads" : "Instant form leads"}}',
		description: 'Checks TikTok for new instant form leads on a schedule (no webhook allowlist needed)',
		defaults: { name: 'TikTok Lead Poll Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'tikTokAdsOAuth2Api', required: true }],
		properties: [
			{
				displayName: `Each poll downloads the leads filed since the last successful poll (re-reading ${OVERLAP_SECONDS / 60} minutes before it) and emits those not emitted yet; a failed poll emits nothing and the next covers its time. Needs the Admin role, no webhook allowlist.`,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{ ...advertiserIdLocator, description: 'The TikTok ad account whose new leads start this workflow' },
			leadSourceParameter,
			leadFormParameter('The instant form to check. Leave empty to check every instant form of the ad account.'),
			{
				displayName: 'First Run Lookback (Days)',
				name: 'lookbackDays',
				type: 'number',
				typeOptions: { minValue: 1, maxValue: MAX_LOOKBACK_DAYS },
				default: 1,
				description: `How far back the first poll after activation reads. TikTok keeps leads for ${MAX_LOOKBACK_DAYS} days.`,
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				options: [
					fieldMappingOption,
					{
						displayName: 'Lead Region',
						name: 'region',
						type: 'options',
						default: 'rest',
						options: [
							{ name: 'Rest of World', value: 'rest', description: 'Leads outside the EU/EEA, Switzerland, the UK and the US' },
							{ name: 'EU/EEA, Switzerland, UK', value: 'eu', description: 'Sends the header x-lead-region: eu' },
							{ name: 'United States', value: 'us', description: 'Sends the header x-lead-region: us' },
						],
						description: 'TikTok stores leads per region and returns only one region per download',
					},
					{
						displayName: 'Max Wait (Seconds)',
						name: 'maxWaitSeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 120,
						description:
							"How long one poll waits for TikTok to prepare the file before failing (the next poll retries). Capped at 80% of n8n's time budget for a poll.",
					},
					{
						displayName: 'Poll Interval (Seconds)',
						name: 'pollIntervalSeconds',
						type: 'number',
						typeOptions: { minValue: 0.5, numberPrecision: 1 },
						default: 5,
						description: 'How often one poll asks TikTok whether the file is ready',
					},
					simplifyOption,
				],
			},
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchForms },
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		return await pollForLeads.call(this);
	}
}
