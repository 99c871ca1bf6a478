import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { APP_STANDARD_EVENTS, LEGACY_WEB_EVENTS, WEB_STANDARD_EVENTS } from '../../events';
import {
	batchSizeOption,
	defaultCountryOption,
	eventSetAdvertiserField,
	eventSourceIdLocator,
	testEventCodeOption,
} from './shared.description';

export const CUSTOM_EVENT = '__custom';

const showSend = { operation: ['send'] };

function label(name: string): string {
	return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/APP$/, 'App').replace(/AD/g, 'Ad ');
}

function eventOptions(names: readonly string[], legacy: readonly string[], custom: boolean): INodePropertyOptions[] {
	const options: INodePropertyOptions[] = [
		...names.map((value) => ({ name: label(value), value, description: `TikTok standard event "${value}"` })),
		...legacy.map((value) => ({
			name: `${label(value)} (Legacy)`,
			value,
			description: `Older TikTok event name "${value}", still accepted`,
		})),
	];
	if (custom) {
		options.push({ name: 'Custom Event…', value: CUSTOM_EVENT, description: 'Type your own event name' });
	}
	return options.sort((a, b) => a.name.localeCompare(b.name));
}

const eventDescription = 'Event to report. Names are case-sensitive: standard events keep TikTok’s exact spelling.';

export const sendDescription: INodeProperties[] = [
	eventSetAdvertiserField(showSend),
	{
		displayName: 'Event Source',
		name: 'eventSource',
		type: 'options',
		noDataExpression: true,
		default: 'web',
		options: [
			{ name: 'App', value: 'app', description: 'Events of a mobile app, by TikTok App ID (allowlisted apps only)' },
			{ name: 'CRM Event Set', value: 'crm', description: 'Lead stages from your CRM, tied to TikTok lead IDs' },
			{ name: 'Offline Event Set', value: 'offline', description: 'In-store, phone or chat sales (standard events only)' },
			{ name: 'Web (Pixel)', value: 'web', description: 'Website events, sent server-side to a pixel' },
		],
		displayOptions: { show: showSend },
	},
	eventSourceIdLocator('e.g. CABC123DEF456GHI789J or 7123456789012345678', {
		required: true,
		description:
			'Pixel code, offline or CRM event set ID that receives the events (listed for the Advertiser above). For app events enter the TikTok App ID by ID.',
		displayOptions: { show: showSend },
	}),
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'Purchase',
		description: eventDescription,
		options: eventOptions(WEB_STANDARD_EVENTS, LEGACY_WEB_EVENTS, true),
		displayOptions: { show: { ...showSend, eventSource: ['web', 'crm'] } },
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'Purchase',
		description:
			'Event to report. Names are case-sensitive: standard events keep TikTok’s exact spelling. Offline event sets accept standard events only.',
		options: eventOptions(WEB_STANDARD_EVENTS, LEGACY_WEB_EVENTS, false),
		displayOptions: { show: { ...showSend, eventSource: ['offline'] } },
	},
	{
		displayName: 'Event',
		name: 'event',
		type: 'options',
		default: 'Purchase',
		description: eventDescription,
		options: eventOptions(APP_STANDARD_EVENTS, [], true),
		displayOptions: { show: { ...showSend, eventSource: ['app'] } },
	},
	{
		displayName: 'Custom Event Name',
		name: 'customEvent',
		type: 'string',
		default: '',
		placeholder: 'e.g. QualifiedLead',
		description: 'Your own event name, exactly as it should appear in TikTok Events Manager',
		displayOptions: { show: { ...showSend, event: [CUSTOM_EVENT] } },
	},
	{
		displayName: 'Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 7301234567890123456',
		description:
			'TikTok lead ID this CRM event belongs to (from the TikTok Lead Form Trigger). Map it as text: 19-digit IDs lose digits as numbers.',
		displayOptions: { show: { ...showSend, eventSource: ['crm'] } },
	},
	{
		displayName: 'App ID',
		name: 'appId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 343200656 or com.example.shop',
		description:
			'The mobile app the events happened in, sent as app.app_id (required for app events): the App Store ID for iOS (the digits at the end of the App Store URL, e.g. 343200656) or the Google Play ID / package name for Android. The TikTok App ID goes in Pixel or Event Set above.',
		displayOptions: { show: { ...showSend, eventSource: ['app'] } },
	},
	{
		displayName: 'Event Time',
		name: 'eventTime',
		type: 'string',
		default: '',
		placeholder: 'e.g. 2024-05-01T10:30:00Z',
		description:
			'When the event happened: ISO 8601 (without offset = workflow time zone), Unix seconds or milliseconds, or a date. Empty means now. Events older than 28 days or in the future are rejected.',
		displayOptions: { show: showSend },
	},
	{
		displayName: 'Event ID',
		name: 'eventId',
		type: 'string',
		default: '',
		placeholder: 'e.g. {{ $json.order_id }}',
		description:
			'Deduplication key: TikTok counts one event per pixel/event set + event ID + event name. Use the ID the browser pixel sends (e.g. the order ID). Empty: an ID derived from the event (pixel/event set, event, event time, order ID, value, currency, content IDs, search string, page URL and the customer identifiers), so a re-run of the same input is counted once; two events equal in all of these, to the second, count as one.',
		hint: 'When empty, map Event Time too: without it each run stamps its own time, and a re-run counts the events again.',
		displayOptions: { show: showSend },
	},
	{
		displayName: 'Customer Information',
		name: 'user',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		description: 'Who did it. Emails, phones and external IDs are normalised and SHA-256 hashed before sending.',
		displayOptions: { show: showSend },
		options: [
			{
				displayName: 'Email',
				name: 'email',
				type: 'string',
				placeholder: 'e.g. nathan@example.com',
				default: '',
				description: 'One or more emails (comma-separated or a list); already-hashed SHA-256 values are sent as they are',
			},
			{
				displayName: 'External ID',
				name: 'externalId',
				type: 'string',
				default: '',
				description: 'Your own stable customer ID (hashed before sending)',
			},
			{
				displayName: 'GAID',
				name: 'gaid',
				type: 'string',
				default: '',
				description: 'Android advertising ID (hashed before sending)',
				displayOptions: { show: { '/eventSource': ['app'] } },
			},
			{
				displayName: 'IDFA',
				name: 'idfa',
				type: 'string',
				default: '',
				description: 'Apple advertising ID of an iOS device (hashed before sending)',
				displayOptions: { show: { '/eventSource': ['app'] } },
			},
			{
				displayName: 'IP Address',
				name: 'ip',
				type: 'string',
				default: '',
				description: 'Customer IP address, sent as is',
			},
			{
				displayName: 'Phone',
				name: 'phone',
				type: 'string',
				default: '',
				placeholder: 'e.g. +84 912 345 678',
				description:
					'One or more phone numbers (comma-separated or a list). Numbers without a country code need the Default Country option.',
			},
			{
				displayName: 'TikTok Click ID (Ttclid)',
				name: 'ttclid',
				type: 'string',
				default: '',
				description: 'The ttclid URL parameter from the ad click, sent as is',
				displayOptions: { show: { '/eventSource': ['web', 'offline', 'crm'] } },
			},
			{
				displayName: 'TikTok Cookie ID (Ttp)',
				name: 'ttp',
				type: 'string',
				default: '',
				description: 'Value of the _ttp cookie set by the TikTok pixel, sent as is',
				displayOptions: { show: { '/eventSource': ['web'] } },
			},
			{
				displayName: 'User Agent',
				name: 'userAgent',
				type: 'string',
				default: '',
				description: 'Browser or app user agent, sent as is',
			},
		],
	},
	{
		displayName: 'Properties',
		name: 'properties',
		type: 'collection',
		placeholder: 'Add Property',
		default: {},
		displayOptions: { show: showSend },
		options: [
			{
				displayName: 'Content Items',
				name: 'contentItems',
				type: 'fixedCollection',
				placeholder: 'Add Item',
				default: {},
				typeOptions: { multipleValues: true },
				options: [
					{
						displayName: 'Item',
						name: 'item',
						values: [
							{ displayName: 'Brand', name: 'brand', type: 'string', default: '' },
							{ displayName: 'Content Category', name: 'content_category', type: 'string', default: '' },
							{ displayName: 'Content ID', name: 'content_id', type: 'string', default: '' },
							{ displayName: 'Content Name', name: 'content_name', type: 'string', default: '' },
							{ displayName: 'Price', name: 'price', type: 'string', default: '', description: 'Unit price' },
							{ displayName: 'Quantity', name: 'quantity', type: 'number', default: 1, typeOptions: { minValue: 0 } },
						],
					},
				],
			},
			{
				displayName: 'Content Type',
				name: 'contentType',
				type: 'options',
				default: 'product',
				options: [
					{ name: 'Product', value: 'product' },
					{ name: 'Product Group', value: 'product_group' },
				],
			},
			{
				displayName: 'Contents (JSON)',
				name: 'contents',
				type: 'json',
				default: '[]',
				description:
					'Array of items: content_id, content_name, content_category, price, quantity, brand. Added before Content Items.',
			},
			{
				displayName: 'Currency',
				name: 'currency',
				type: 'string',
				default: '',
				placeholder: 'e.g. VND',
				description: 'ISO 4217 code; required when Value is set (unless the value text names it, like "120.000 ₫")',
			},
			{ displayName: 'Description', name: 'description', type: 'string', default: '' },
			{ displayName: 'Order ID', name: 'orderId', type: 'string', default: '' },
			{
				displayName: 'Search String',
				name: 'query',
				type: 'string',
				default: '',
				description: 'What the customer searched for (Search events), sent as search_string',
			},
			{
				displayName: 'Value',
				name: 'value',
				type: 'string',
				default: '',
				placeholder: 'e.g. 1234.50',
				description:
					'Order total. Numbers are sent as they are; text such as "1.234,50 ₫" is read, and ambiguous text such as "1,234" in a two-decimal currency rejects the item.',
			},
		],
	},
	{
		displayName: 'Page',
		name: 'page',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show: { ...showSend, eventSource: ['web'] } },
		options: [
			{ displayName: 'URL', name: 'url', type: 'string', default: '', placeholder: 'e.g. https://shop.example/checkout' },
			{ displayName: 'Referrer', name: 'referrer', type: 'string', default: '' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: showSend },
		options: [
			batchSizeOption,
			{
				displayName: 'App Name',
				name: 'appName',
				type: 'string',
				default: '',
				description: 'Name of the mobile app, sent as app.app_name',
				displayOptions: { show: { '/eventSource': ['app'] } },
			},
			{
				displayName: 'App Version',
				name: 'appVersion',
				type: 'string',
				default: '',
				placeholder: 'e.g. 2.4.1',
				description: 'Version of the mobile app, sent as app.app_version',
				displayOptions: { show: { '/eventSource': ['app'] } },
			},
			{
				displayName: 'CRM Name',
				name: 'leadEventSource',
				type: 'string',
				default: '',
				placeholder: 'e.g. HubSpot',
				description: 'Name of your CRM, sent as lead_event_source',
				displayOptions: { show: { '/eventSource': ['crm'] } },
			},
			defaultCountryOption,
			{
				displayName: 'Limited Data Use',
				name: 'limitedDataUse',
				type: 'boolean',
				default: false,
				description: 'Whether to flag the events for limited data use (privacy laws such as US state laws)',
				displayOptions: { show: { '/eventSource': ['web', 'app'] } },
			},
			testEventCodeOption,
		],
	},
];
