import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { explainAdvertiserError, readId, toItems, type Operation } from '../../helpers/common';
import { eventSetItem } from '../../helpers/eventSets';
import { advertiserFor } from '../../helpers/pickers';

const show = { show: { resource: ['eventSet'], operation: ['create'] } };
export const PAGE_ID_PLACEHOLDER = '{PageID}';
export const DEFAULT_OFFLINE_SET_NAME = `Haravan_CTM_Messenger_${PAGE_ID_PLACEHOLDER}`;

export const description: Operation['description'] = [
	advertiserFor('eventSet', ['create']),
	{
		displayName: 'Messenger Page ID',
		name: 'pageId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 104857392817465',
		displayOptions: show,
		description:
			'The Facebook page whose Messenger conversations this offline event set will receive (one set per page). Replaces {PageID} in the name.',
	},
	{
		displayName: 'Name',
		name: 'name',
		type: 'string',
		default: DEFAULT_OFFLINE_SET_NAME,
		required: true,
		displayOptions: show,
		description:
			'Name of the offline event set. {PageID} is replaced by the Messenger Page ID; the default follows the one-set-per-page naming of the Messaging Ads setup.',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Auto Tracking',
				name: 'autoTracking',
				type: 'boolean',
				default: false,
				description: 'Whether every new campaign of the ad account uses this event set for measurement and attribution',
			},
			{
				displayName: 'Description',
				name: 'description',
				type: 'string',
				default: '',
				description:
					'Free text shown in TikTok Events Manager. TikTok requires one: when empty, the node writes what the set is for (the Messenger page, or the set name).',
			},
			{
				displayName: 'Reuse Existing Set With Same Name',
				name: 'reuseExisting',
				type: 'boolean',
				default: true,
				description:
					'Whether to return the existing offline event set of the same name instead of creating a duplicate (safe to re-run the workflow)',
			},
		],
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const pageId = String(this.getNodeParameter('pageId', itemIndex, '') ?? '').trim();
	const template = String(this.getNodeParameter('name', itemIndex, '') ?? '').trim();
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	if (template.includes(PAGE_ID_PLACEHOLDER) && !pageId) {
		throw new NodeOperationError(this.getNode(), `The name "${template}" needs a Messenger Page ID`, {
			itemIndex,
			description: 'Fill in Messenger Page ID, or write the full name without {PageID}.',
		});
	}
	if (pageId && !/^\d{1,25}$/.test(pageId)) {
		throw new NodeOperationError(this.getNode(), `The Messenger Page ID "${pageId}" is not a page ID`, {
			itemIndex,
			description: 'Facebook page IDs are digits only (Page > About > Page transparency, or the Messenger webhook).',
		});
	}
	const name = template.split(PAGE_ID_PLACEHOLDER).join(pageId).trim();
	if (!name) {
		throw new NodeOperationError(this.getNode(), 'The offline event set needs a name', { itemIndex });
	}
	const description = offlineSetDescription(this, options.description, { name, pageId }, itemIndex);
	try {
		if (options.reuseExisting !== false) {
			const { data } = await tikTokApiRequest.call(this, {
				method: 'GET',
				path: '/offline/get/',
				qs: { advertiser_id: advertiserId },
				itemIndex,
			});
			const existing = ((data.event_set_list as IDataObject[] | undefined) ?? []).find((s) => s.name === name);
			if (existing) {
				const reused = eventSetItem('offline', existing, advertiserId);
				if (pageId) reused.pageId = pageId;
				return toItems([{ ...reused, created: false }], itemIndex);
			}
		}
		const body: IDataObject = { advertiser_id: advertiserId, name, description, auto_tracking: options.autoTracking === true };
		const { data } = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/offline/create/',
			body,
			itemIndex,
			idempotent: false,
		});
		const created = eventSetItem(
			'offline',
			{ event_set_id: data.event_set_id, name, description, auto_tracking: body.auto_tracking },
			advertiserId,
		);
		if (pageId) created.pageId = pageId;
		return toItems([{ ...created, created: true }], itemIndex);
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
}

/**
 * /offline/create/ requires a description (docs/tiktok-api-contract.md § /offline/create/). An empty one becomes the
 * set's purpose; one that is not text (an object from an expression) stops the item rather than being sent as
 * "[object Object]" or left out.
 */
export function offlineSetDescription(
	context: IExecuteFunctions,
	raw: unknown,
	set: { name: string; pageId: string },
	itemIndex: number,
): string {
	if (typeof raw === 'number' || typeof raw === 'boolean') return String(raw);
	if (raw !== undefined && raw !== null && typeof raw !== 'string') {
		throw new NodeOperationError(
			context.getNode(),
			`Options → Description must be text, got ${Array.isArray(raw) ? 'a list' : typeof raw === 'object' ? 'an object' : `a ${typeof raw}`}`,
			{
				itemIndex,
				description:
					'Map a text field, or write {{ JSON.stringify($json.yourField) }} to store the value as text. Leave it empty for a description naming the set\'s purpose.',
			},
		);
	}
	const text = (raw ?? '').trim();
	if (text) return text;
	return set.pageId
		? `Offline conversions of Messenger conversations on Facebook page ${set.pageId} (TikTok Messaging Ads), sent by n8n`
		: `Offline conversions for ${set.name}, sent by n8n`;
}
