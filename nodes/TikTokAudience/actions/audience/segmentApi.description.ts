import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_SEGMENT_BATCH, MAX_SEGMENT_BATCH } from '../../segmentApi/mapping';
import { showFor } from '../../helpers/common';

export const MEMBER_OPERATIONS = ['segmentAdd', 'segmentRemove'];
export const SEGMENT_API_OPERATIONS = ['segmentCreate', 'segmentDelete', ...MEMBER_OPERATIONS];

/** Shown first on every segment-API operation: when to use them rather than the customer-file ones. */
export const segmentApiNotice: INodeProperties = {
	displayName:
		'Segment audiences change person by person within minutes: use them for event-driven flows (a purchase, an unsubscribe). For a nightly full sync of a CDP segment use the customer-file operations (Create, Add, Replace, Remove Users).',
	name: 'segmentApiNotice',
	type: 'notice',
	default: '',
	displayOptions: showFor(SEGMENT_API_OPERATIONS),
};

/** The parameters the segment-API operations share. */
export const segmentApiFields: INodeProperties[] = [
	{
		displayName: 'Segment Audience ID',
		name: 'segmentAudienceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7123456789012345678',
		displayOptions: showFor(['segmentDelete', ...MEMBER_OPERATIONS]),
		description: 'The audience ID that Create Segment Audience returned',
	},
	{
		displayName: 'Identifiers',
		name: 'segmentIdentifiers',
		type: 'multiOptions',
		default: ['email'],
		required: true,
		displayOptions: showFor(MEMBER_OPERATIONS),
		options: [
			{ name: 'Email', value: 'email' },
			{ name: 'Mobile Advertising ID', value: 'maid' },
			{ name: 'Phone', value: 'phone' },
		],
		description: 'Which identifiers of each person to send; a person missing one is still sent with the others',
	},
	{
		displayName: 'Email Field',
		name: 'emailField',
		type: 'string',
		default: 'email',
		displayOptions: showFor(MEMBER_OPERATIONS, { segmentIdentifiers: ['email'] }),
		description: 'Name (or dot path) of the input field holding the email address',
	},
	{
		displayName: 'Phone Field',
		name: 'phoneField',
		type: 'string',
		default: 'phone',
		displayOptions: showFor(MEMBER_OPERATIONS, { segmentIdentifiers: ['phone'] }),
		description: 'Name (or dot path) of the input field holding the phone number',
	},
	{
		displayName: 'Mobile Advertising ID Field',
		name: 'maidField',
		type: 'string',
		default: 'maid',
		displayOptions: showFor(MEMBER_OPERATIONS, { segmentIdentifiers: ['maid'] }),
		description: 'Name (or dot path) of the input field holding the IDFA or GAID',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'e.g. VN',
		displayOptions: showFor(MEMBER_OPERATIONS, { segmentIdentifiers: ['phone'] }),
		description: 'Two-letter country code for numbers written without one (0912 345 678 with VN becomes +84912345678)',
	},
	{
		displayName: 'Options',
		name: 'segmentOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: showFor(MEMBER_OPERATIONS),
		options: [
			{
				displayName: 'Advertising ID Type',
				name: 'maidKind',
				type: 'options',
				default: 'auto',
				options: [
					{ name: 'Auto (Uppercase = IDFA, Lowercase = GAID)', value: 'auto' },
					{ name: 'Apple IDFA', value: 'idfa' },
					{ name: 'Google GAID', value: 'gaid' },
				],
				description: 'Already-hashed advertising IDs count as IDFA in Auto',
			},
			{
				displayName: 'Also for Advertiser IDs',
				name: 'otherAdvertiserIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7123…, 7234…',
				description: 'Other ad accounts of the same Business Center that share the audience (IDs separated by commas)',
			},
			{
				displayName: 'People per Request',
				name: 'batchSize',
				type: 'number',
				default: DEFAULT_SEGMENT_BATCH,
				typeOptions: { minValue: 1, maxValue: MAX_SEGMENT_BATCH },
			},
		],
	},
];
