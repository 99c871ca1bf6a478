import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../../../shared/transport';
import { toIsoTimeOrAsIs } from '../../../shared/time';
import { explainAdvertiserError, readId, readLimit, returnAllAndLimitFor, toItems, type Operation } from '../../helpers/common';
import { advertiserFor } from '../../helpers/pickers';

export const description: Operation['description'] = [
	advertiserFor('instantForm', ['getAll']),
	...returnAllAndLimitFor('instantForm', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['instantForm'], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Page Type',
				name: 'businessType',
				type: 'options',
				default: 'LEAD_GEN',
				options: [
					{ name: 'App Profile Page', value: 'APP_PROFILE_PAGE' },
					{ name: 'Instant Form (Lead Generation)', value: 'LEAD_GEN' },
					{ name: 'Pop-Up Form', value: 'POP_UP_FORM' },
					{ name: 'Shop Ads Product Detail Page', value: 'SHOP_ADS_PDP' },
					{ name: 'Shop Ads Product List Page', value: 'SHOP_ADS_PLP' },
					{ name: 'Storefront', value: 'STORE_FRONT' },
					{ name: 'TikTok Instant Page', value: 'TIKTOK_INSTANT_PAGE' },
				],
				description: 'Kind of TikTok page to list; lead forms are "Instant Form"',
			},
			{
				displayName: 'Status',
				name: 'status',
				type: 'options',
				default: 'PUBLISHED',
				options: [
					{ name: 'Draft', value: 'EDITED' },
					{ name: 'Published', value: 'PUBLISHED' },
				],
				description: 'Only forms in this state',
			},
			{
				displayName: 'Title Contains',
				name: 'title',
				type: 'string',
				default: '',
				description: 'Only forms whose title contains this text',
			},
		],
	},
];

const TIME_FIELDS = ['create_time', 'update_time', 'publish_time'];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	let forms: IDataObject[];
	try {
		forms = await tikTokApiRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: '/page/get/',
				qs: {
					advertiser_id: advertiserId,
					business_type: (filters.businessType as string) || 'LEAD_GEN',
					page_status: filters.status as string | undefined,
					title: String(filters.title ?? '').trim() || undefined,
				},
				itemIndex,
			},
			{ pageSize: 100, limit },
		);
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
	return toItems(
		forms.map((form) => {
			const out: IDataObject = { advertiserId, ...form, page_id: String(form.page_id ?? '') };
			// TikTok sends "YYYY-MM-DD HH:MM:SS" in UTC; ISO keeps the zone explicit for date nodes downstream.
			for (const field of TIME_FIELDS) if (out[field]) out[field] = toIsoTimeOrAsIs(out[field]);
			return out;
		}),
		itemIndex,
	);
}
