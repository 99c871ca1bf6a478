import type { INodeProperties } from 'n8n-workflow';

import { numericIdLocator } from '../descriptions';
import { RECENT_LEAD_IDS_LIMIT } from './recentLeads';

/** Parameters both lead triggers show, so a flow can switch triggers and keep its settings' meaning. */

export const leadSourceParameter: INodeProperties = {
	displayName: 'Lead Source',
	name: 'leadSource',
	type: 'options',
	options: [
		{ name: 'Instant Form', value: 'INSTANT_FORM', description: 'Leads from instant forms in lead generation ads' },
		{ name: 'Direct Message', value: 'DIRECT_MESSAGE', description: 'Leads collected in TikTok direct messages' },
	],
	default: 'INSTANT_FORM',
};

export function leadFormParameter(description: string): INodeProperties {
	return numericIdLocator('formId', 'Form', 'searchForms', {
		required: false,
		description,
		displayOptions: { show: { leadSource: ['INSTANT_FORM'] } },
	});
}

export const fieldMappingOption: INodeProperties = {
	displayName: 'Field Mapping',
	name: 'fieldMapping',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Mapping',
	default: {},
	description: 'Rename form answers in the simplified output, e.g. phone_number → phone',
	options: [
		{
			displayName: 'Mapping',
			name: 'mappings',
			values: [
				{
					displayName: 'TikTok Field',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: 'e.g. phone_number',
					description: 'Field name or question label as TikTok sends it (case does not matter)',
				},
				{
					displayName: 'Output Name',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. phone',
				},
			],
		},
	],
};

export const simplifyOption: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description:
		'Whether to return a flat lead (IDs, names, ISO creation time and answers under "fields") instead of the entry exactly as TikTok sent it',
};

/** The limits of the in-node dedupe window, said where users decide whether to rely on it. */
export const DEDUPE_WINDOW_LIMITS = `remembers the last ${RECENT_LEAD_IDS_LIMIT.toLocaleString('en-US')} lead IDs of this trigger (older ones are forgotten), forgets them when n8n restarts, and is not shared between n8n processes (queue-mode workers, several main instances)`;

export interface LeadOutputOptions {
	simplify?: boolean;
	fieldMapping?: { mappings?: Array<{ from?: string; to?: string }> };
}
