import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_ACTIVITY_FIELDS,
	DEFAULT_MAX_CONVERSATIONS,
} from '../../messaging';
import {
	batchSizeOption,
	defaultCountryOption,
	eventSetAdvertiserField,
	eventSourceIdLocator,
	testEventCodeOption,
} from './shared.description';

const show = { operation: ['trackMessaging'] };

export const DEFAULT_STATE_FIELD = 'messagingState';
export const DEFAULT_PHONE_FIELD = 'phone';
export const DEFAULT_EMAIL_FIELD = 'email';
export const DEFAULT_RECORDED_FIELD = 'eventId';

function fieldOption(name: string, displayName: string, fallback: string, description: string): INodeProperties {
	return { displayName, name, type: 'string', default: fallback, description };
}

export const trackMessagingDescription: INodeProperties[] = [
	{
		displayName:
			'Each input item is one timestamped activity of a Messenger conversation (page ID + customer ID). The node fires the Messaging Ads events that apply and outputs one item per activity (per conversation with Activity Log): the events, or why none fired.',
		name: 'messagingNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Send to TikTok',
		name: 'send',
		type: 'boolean',
		default: true,
		description:
			'Whether to send the fired events to TikTok (batched, like Send Event). Off: only output them and update the state.',
		displayOptions: { show },
	},
	eventSetAdvertiserField(show),
	{
		displayName: 'Event Source',
		name: 'eventSource',
		type: 'options',
		noDataExpression: true,
		// Web, because it is the only documented source that takes all four default names (Conversation and
		// ValidConversation are custom) and the ttclid, which is all a Conversation event carries, is a web key.
		default: 'web',
		options: [
			{
				name: 'Offline Event Set',
				value: 'offline',
				description:
					'E.g. the Haravan_CTM_Messenger_{PageID} set (Ads Account → Event Set → Create). Standard event names only: rename Conversation and Valid Conversation under Event Names.',
			},
			{
				name: 'Web (Pixel)',
				value: 'web',
				description: 'A pixel: takes all four events, custom names such as Conversation included, and the TikTok click ID',
			},
		],
		displayOptions: { show },
	},
	{
		displayName:
			'Offline event sets take TikTok standard event names only: rename Conversation and ValidConversation under Event Names (e.g. Contact, Lead) or pick Web (Pixel), else the run stops first. TikTok documents ttclid, their only identifier, as a web one.',
		name: 'offlineNamesNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, send: [true], eventSource: ['offline'] } },
	},
	eventSourceIdLocator('e.g. CABC123DEF456GHI789J or 7123456789012345678', {
		required: true,
		description: 'Pixel (or event set) that receives the events; listed for the Advertiser above',
		displayOptions: { show: { ...show, send: [true] } },
	}),
	{
		displayName: 'CompletePayment On',
		name: 'completePaymentOn',
		type: 'options',
		default: 'order_confirmed',
		options: [
			{
				name: 'Order Confirmed',
				value: 'order_confirmed',
				description: 'Fire CompletePayment when the order is confirmed (an order only created never fires it)',
			},
			{
				name: 'Shipment Created',
				value: 'shipment_created',
				description: 'Fire CompletePayment when the order gets a shipment (handed to the carrier)',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'State Store',
		name: 'stateStore',
		type: 'options',
		noDataExpression: true,
		default: 'workflow',
		options: [
			{
				name: 'Activity Log (From Input)',
				value: 'activityLog',
				description:
					'Safe with executions running at the same time and in queue mode. The input is the conversation’s log from your CDP (n8n Data Table or Postgres): every activity row, plus "event_sent" rows with the event IDs already sent. Outputs one item per conversation with the new events; append messaging.recordEventIds to the log as "event_sent" rows.',
			},
			{
				name: 'Item Field',
				value: 'item',
				description:
					'Read each conversation’s state from a field of the input items and output the new state in that field, for you to keep in your own database. Safe only if your flow never runs two executions of one conversation at the same time.',
			},
			{
				name: 'Workflow Static Data',
				value: 'workflow',
				description:
					'Kept by n8n with this workflow. Safe only when one execution runs at a time: executions that overlap (a burst of webhooks, queue mode) overwrite each other’s state and events are lost. Manual test runs do not save it.',
			},
		],
		displayOptions: { show },
	},
	{
		displayName:
			'Workflow Static Data is written whole when each execution ends: overlapping executions (Messenger bursts, queue mode) overwrite each other’s conversations and lose events. Use it only when executions never overlap; else use Activity Log.',
		name: 'workflowStoreNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, stateStore: ['workflow'] } },
	},
	{
		displayName:
			'Feed this node the conversation’s whole recent log, read after inserting the new activity, then append messaging.recordEventIds as event_sent rows (the README shows the flow). A racing resend has the same event ID, which TikTok deduplicates.',
		name: 'activityLogNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { ...show, stateStore: ['activityLog'] } },
	},
	{
		displayName: 'State Field',
		name: 'stateField',
		type: 'string',
		default: DEFAULT_STATE_FIELD,
		required: true,
		description:
			'Field holding the conversation state (JSON object or text). Empty for a new conversation. Store the output value back with the conversation.',
		displayOptions: { show: { ...show, stateStore: ['item'] } },
	},
	{
		displayName: 'Input Fields',
		name: 'fields',
		type: 'collection',
		placeholder: 'Change Field Name',
		default: {},
		description: 'Where each piece of an activity is read from in the input items (dot notation allowed)',
		displayOptions: { show },
		options: [
			fieldOption('activityId', 'Activity ID', DEFAULT_ACTIVITY_FIELDS.activityId, 'Source ID of the activity (e.g. the Messenger message ID), used to recognise duplicates'),
			fieldOption('type', 'Activity Type', DEFAULT_ACTIVITY_FIELDS.type, 'Field with ref_click, get_started, customer_message, page_message, order_created, order_confirmed or shipment_created'),
			fieldOption('clickRef', 'Click Reference', DEFAULT_ACTIVITY_FIELDS.clickRef, 'Ref of the TikTok ad link (text, or an object of IDs such as ad_id)'),
			fieldOption('currency', 'Currency', DEFAULT_ACTIVITY_FIELDS.currency, 'ISO 4217 currency of the order value'),
			fieldOption('customerId', 'Customer ID', DEFAULT_ACTIVITY_FIELDS.customerId, 'Page-scoped ID of the customer (Messenger sender ID)'),
			fieldOption('email', 'Email', DEFAULT_EMAIL_FIELD, 'Customer email, hashed before sending'),
			fieldOption('recordedEventIds', 'Recorded Event IDs', DEFAULT_RECORDED_FIELD, 'Activity Log only: field of the "event_sent" rows holding the event ID(s) already sent (comma-separated if several)'),
			fieldOption('orderId', 'Order ID', DEFAULT_ACTIVITY_FIELDS.orderId, 'Order ID of order activities'),
			fieldOption('value', 'Order Value', DEFAULT_ACTIVITY_FIELDS.value, 'Order total as a plain number'),
			fieldOption('pageId', 'Page ID', DEFAULT_ACTIVITY_FIELDS.pageId, 'Facebook page ID'),
			fieldOption('phone', 'Phone', DEFAULT_PHONE_FIELD, 'Customer phone, normalised and hashed before sending'),
			fieldOption('timestamp', 'Timestamp', DEFAULT_ACTIVITY_FIELDS.timestamp, 'When it happened: Unix seconds or milliseconds, or ISO 8601 (without offset = workflow time zone)'),
			fieldOption('ttclid', 'TikTok Click ID (Ttclid)', DEFAULT_ACTIVITY_FIELDS.ttclid, 'Ttclid of the ad click on ref_click activities; sent with every event of that click'),
		],
	},
	{
		displayName: 'Event Names',
		name: 'eventNames',
		type: 'collection',
		placeholder: 'Rename Event',
		default: {},
		description:
			'Names sent to TikTok (case-sensitive). TikTok does not document names for messaging events; in TikTok, InitiateCheckout shows as InitiateOrder and CompletePayment as shopping. An offline event set takes standard names only.',
		displayOptions: { show },
		options: [
			{ displayName: 'CompletePayment', name: 'completePayment', type: 'string', default: 'CompletePayment', description: 'Once per order, when the CompletePayment On condition happens inside the window' },
			{ displayName: 'Conversation', name: 'conversation', type: 'string', default: 'Conversation', description: 'First customer message (or Get Started) after a ref click' },
			{ displayName: 'InitiateCheckout', name: 'initiateCheckout', type: 'string', default: 'InitiateCheckout', description: 'Each order created inside the window' },
			{ displayName: 'Valid Conversation', name: 'validConversation', type: 'string', default: 'ValidConversation', description: 'Customer message after 5 messages since the ref click' },
		],
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show },
		options: [
			batchSizeOption,
			defaultCountryOption,
			{
				displayName: 'Default Currency',
				name: 'defaultCurrency',
				type: 'string',
				default: '',
				placeholder: 'e.g. VND',
				description: 'Currency of order values that come without one',
			},
			{
				displayName: 'Max Conversations Kept',
				name: 'maxConversations',
				type: 'number',
				default: DEFAULT_MAX_CONVERSATIONS,
				typeOptions: { minValue: 1 },
				description: 'Size cap of the workflow store; the least recently active conversations are dropped first (reported in the output)',
				displayOptions: { show: { '/stateStore': ['workflow'] } },
			},
			testEventCodeOption,
		],
	},
];
