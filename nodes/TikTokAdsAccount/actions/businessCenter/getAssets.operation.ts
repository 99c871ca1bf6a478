import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { numericIdLocator } from '../../../shared/descriptions';
import { tikTokApiRequestAllItems } from '../../../shared/transport';
import { describeBcAdvertiserRole } from '../../helpers/advertiser';
import { readId, readLimit, returnAllAndLimitFor, toItems, withDescription, tikTokCode, type Operation } from '../../helpers/common';

const show = { show: { resource: ['businessCenter'], operation: ['getAssets'] } };

export const description: Operation['description'] = [
	{
		...numericIdLocator('bcId', 'Business Center', 'searchBusinessCenters', {
			description: 'The Business Center whose assets to list',
		}),
		displayOptions: show,
	},
	{
		displayName: 'Asset Type',
		name: 'assetType',
		type: 'options',
		default: 'ADVERTISER',
		displayOptions: show,
		options: [
			{ name: 'Ad Account', value: 'ADVERTISER' },
			{ name: 'Catalog', value: 'CATALOG' },
			{ name: 'Lead', value: 'LEAD' },
			{ name: 'Managed Business Account', value: 'MANAGED_BUSINESS_ACCOUNT' },
			{ name: 'Pixel', value: 'PIXEL' },
			{ name: 'TikTok Account', value: 'TT_ACCOUNT' },
			{ name: 'TikTok Shop', value: 'TIKTOK_SHOP' },
		],
		description: 'Ad accounts come with your role on each: lead download, test leads and lead webhooks need Admin',
	},
	...returnAllAndLimitFor('businessCenter', 'getAssets'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: show,
		options: [
			{
				displayName: 'Keyword',
				name: 'keyword',
				type: 'string',
				default: '',
				description: 'Only assets whose name or ID contains this text',
			},
		],
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const bcId = readId(this, 'bcId', 'Business Center ID', itemIndex);
	const assetType = this.getNodeParameter('assetType', itemIndex) as string;
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const keyword = String(filters.keyword ?? '').trim();
	let list: IDataObject[];
	try {
		list = await tikTokApiRequestAllItems.call(
			this,
			{
				method: 'GET',
				path: '/bc/asset/get/',
				qs: { bc_id: bcId, asset_type: assetType, filtering: keyword ? { keyword } : undefined },
				itemIndex,
			},
			{ pageSize: 50, limit },
		);
	} catch (error) {
		throw tikTokCode(error) === 40001
			? withDescription(
					error,
					`Business Center ${bcId} does not exist or your TikTok user is not a member of it. Business Center > Get Many lists the ones you belong to.`,
				)
			: error;
	}
	return toItems(
		list.map((asset) => {
			const out: IDataObject = { ...asset, bc_id: bcId, asset_id: String(asset.asset_id ?? '') };
			if (asset.advertiser_role !== undefined) {
				out.advertiserRoleDescription = describeBcAdvertiserRole(asset.advertiser_role);
				out.isAdmin = asset.advertiser_role === 'ADMIN';
			}
			return out;
		}),
		itemIndex,
	);
}
