import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { getAppCredentials, tikTokApiRequest } from '../../../shared/transport';
import { parseIdList } from '../../../shared/lists';
import { foldText } from '../../../shared/values';
import { explainCredentialError, readLimit, returnAllAndLimitFor, toItems, type Operation } from '../../helpers/common';
import { accountOptions, advertiserInfo, leadWebhooksByAdvertiser, shapeAccounts } from '../../helpers/accounts';

export const description: Operation['description'] = [
	...returnAllAndLimitFor('adAccount', 'getAll'),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show: { resource: ['adAccount'], operation: ['getAll'] } },
		options: [
			{
				displayName: 'Account IDs',
				name: 'advertiserIds',
				type: 'string',
				default: '',
				placeholder: 'e.g. 7123456789012345678, 7234567890123456789',
				description:
					'Only these ad accounts (IDs separated by commas, spaces or new lines). An ID the credential is not authorized for stops the node with an error naming it.',
			},
			{
				displayName: 'Account Name Contains',
				name: 'name',
				type: 'string',
				default: '',
				placeholder: 'e.g. pho ha noi',
				description: 'Only accounts whose name contains this text (case and Vietnamese accents are ignored)',
			},
		],
	},
	accountOptions('adAccount', 'getAll'),
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	const { appId, appSecret } = await getAppCredentials.call(this);
	let authorized: IDataObject[];
	try {
		const { data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/oauth2/advertiser/get/',
			qs: { app_id: appId, secret: appSecret },
			itemIndex,
		});
		authorized = (data.list as IDataObject[] | undefined) ?? [];
	} catch (error) {
		throw explainCredentialError(
			error,
			'Listing the authorized ad accounts needs the App ID and Secret of the app that issued the token: check them in the credential. In the TikTok sandbox this call is not available: use Ad Account > Get with the account ID instead.',
		);
	}
	const names = new Map(authorized.map((a) => [String(a.advertiser_id), String(a.advertiser_name ?? '')]));
	let ids = [...names.keys()];

	const idFilter = String(filters.advertiserIds ?? '').trim();
	if (idFilter) {
		const { ids: wanted, invalid } = parseIdList(idFilter);
		if (invalid.length) {
			throw new NodeOperationError(this.getNode(), `Account IDs filter has values that are not IDs: ${invalid.join(', ')}`, {
				itemIndex,
				description: 'Account IDs are digits only; separate them with commas, spaces or new lines.',
			});
		}
		const missing = wanted.filter((id) => !names.has(id));
		if (missing.length) {
			throw new NodeOperationError(
				this.getNode(),
				`Ad account ${missing.join(', ')} is not authorized for this credential`,
				{
					itemIndex,
					description: `The credential can use ${names.size} ad account(s). Remove the ID from the filter or authorize the account in TikTok for this app.`,
				},
			);
		}
		ids = ids.filter((id) => wanted.includes(id));
	}
	const nameFilter = foldText(String(filters.name ?? ''));
	if (nameFilter) ids = ids.filter((id) => foldText(names.get(id) ?? '').includes(nameFilter));
	if (limit !== undefined) ids = ids.slice(0, limit);
	if (ids.length === 0) return [];

	const info = await advertiserInfo.call(this, ids, itemIndex);
	const webhooks = options.includeLeadWebhook === false ? undefined : await leadWebhooksByAdvertiser.call(this, itemIndex);
	return toItems(shapeAccounts(ids, info, names, webhooks, options.simplify !== false), itemIndex);
}
