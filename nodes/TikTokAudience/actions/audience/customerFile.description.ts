import type { INodeProperties } from 'n8n-workflow';

import { advertiserIdLocator, numericIdLocator } from '../../../shared/descriptions';
import { DEFAULT_LINES_PER_FILE } from '../../upload/plan';
import { showFor } from '../../helpers/common';
import { sourceFields } from './source.description';

export const SEGMENT_OPERATIONS = ['create', 'append', 'replace', 'remove'];
export const UPDATE_OPERATIONS = ['append', 'replace', 'remove'];
export const ALL_OPERATIONS = [
	'create',
	'append',
	'replace',
	'remove',
	'get',
	'getAll',
	'delete',
	'segmentCreate',
	'segmentDelete',
	'segmentAdd',
	'segmentRemove',
];

export const advertiserField: INodeProperties = { ...advertiserIdLocator, displayOptions: showFor(ALL_OPERATIONS) };

export const audienceField: INodeProperties = numericIdLocator('audienceId', 'Audience', 'searchAudiences', {
	description: 'The custom audience (TikTok audience ID) to work with',
	displayOptions: showFor(['append', 'replace', 'remove', 'get', 'delete']),
});

export const segmentFields: INodeProperties[] = [
	{
		displayName: 'Schema',
		name: 'schema',
		type: 'options',
		default: 'email',
		displayOptions: showFor(SEGMENT_OPERATIONS),
		description:
			'Which identifier of each input item identifies the person. Must match the kind of audience: an email audience only takes emails.',
		options: [
			{ name: 'Email', value: 'email', description: 'Email addresses (trimmed, lowercased, +tag dropped, SHA-256)' },
			{
				name: 'Mobile Advertising ID',
				value: 'maid',
				description: 'Apple IDFA or Google advertising ID (lowercased, SHA-256)',
			},
			{
				name: 'Multiple Types',
				value: 'multiple',
				description: 'Email and phone of the same person in one file',
			},
			{ name: 'Phone', value: 'phone', description: 'Phone numbers (E.164 with country code, SHA-256)' },
		],
	},
	...sourceFields,
	{
		displayName: 'Email Field',
		name: 'emailField',
		type: 'string',
		default: 'email',
		placeholder: 'e.g. contact.email',
		displayOptions: showFor(SEGMENT_OPERATIONS, { schema: ['email', 'multiple'], source: ['items'] }),
		description: 'Name (or dot path) of the input field holding the email address. An expression is evaluated for each item and its result used as the value.',
	},
	{
		displayName: 'Phone Field',
		name: 'phoneField',
		type: 'string',
		default: 'phone',
		placeholder: 'e.g. contact.phone',
		displayOptions: showFor(SEGMENT_OPERATIONS, { schema: ['phone', 'multiple'], source: ['items'] }),
		description: 'Name (or dot path) of the input field holding the phone number. An expression is evaluated for each item and its result used as the value.',
	},
	{
		displayName: 'Mobile Advertising ID Field',
		name: 'maidField',
		type: 'string',
		default: 'maid',
		placeholder: 'e.g. device.idfa',
		displayOptions: showFor(SEGMENT_OPERATIONS, { schema: ['maid'], source: ['items'] }),
		description: 'Name (or dot path) of the input field holding the IDFA or GAID. An expression is evaluated for each item and its result used as the value.',
	},
	{
		displayName: 'Default Country',
		name: 'defaultCountry',
		type: 'string',
		default: '',
		placeholder: 'e.g. VN',
		displayOptions: showFor(SEGMENT_OPERATIONS, { schema: ['phone', 'multiple'] }),
		description:
			'Two-letter country code (ISO 3166) for numbers written without a country code: with VN, 0912 345 678 becomes +84912345678. Without it such numbers are counted as invalid.',
	},
];

export const segmentOptions: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showFor(SEGMENT_OPERATIONS),
	options: [
		{
			displayName: 'Identifiers per File',
			name: 'identifiersPerFile',
			type: 'number',
			typeOptions: { minValue: 1000 },
			default: DEFAULT_LINES_PER_FILE,
			description: 'Large segments are uploaded as several files of at most this many identifiers',
		},
		{
			displayName: 'Max Wait (Minutes)',
			name: 'maxWaitMinutes',
			type: 'number',
			typeOptions: { minValue: 0.5, maxValue: 60, numberPrecision: 1 },
			default: 10,
			displayOptions: { show: { '/operation': UPDATE_OPERATIONS, waitForReady: [true] } },
			description: 'How long Wait for Ready may wait before giving up',
		},
		{
			displayName: 'Retention (Days)',
			name: 'retentionInDays',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 365 },
			default: 365,
			displayOptions: { show: { '/operation': ['create'] } },
			description:
				'Fixed lifetime of the audience from its creation. Leave the option out to let it expire 365 days after it was last used or changed.',
		},
		{
			displayName: 'Segment ID',
			name: 'segmentId',
			type: 'string',
			default: '',
			placeholder: 'e.g. seg_vip_2024',
			description: "Your CDP's label for this segment, copied into the summary so runs can be traced back to it",
		},
		{
			displayName: 'Wait for Ready',
			name: 'waitForReady',
			type: 'boolean',
			default: false,
			displayOptions: { show: { '/operation': UPDATE_OPERATIONS } },
			description:
				'Whether to wait while TikTok is still calculating the audience (for example right after it was created) instead of stopping with an error',
		},
	],
};
