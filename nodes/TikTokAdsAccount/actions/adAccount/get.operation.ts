import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { advertiserIdLocator } from '../../../shared/descriptions';
import { explainAdvertiserError, readId, toItems, type Operation } from '../../helpers/common';
import { accountOptions, advertiserInfo, leadWebhooksByAdvertiser, shapeAccounts } from '../../helpers/accounts';

export const description: Operation['description'] = [
	{ ...advertiserIdLocator, displayOptions: { show: { resource: ['adAccount'], operation: ['get'] } } },
	accountOptions('adAccount', 'get'),
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	let info: Map<string, IDataObject>;
	try {
		info = await advertiserInfo.call(this, [advertiserId], itemIndex);
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
	const webhooks = options.includeLeadWebhook === false ? undefined : await leadWebhooksByAdvertiser.call(this, itemIndex);
	return toItems(shapeAccounts([advertiserId], info, new Map(), webhooks, options.simplify !== false), itemIndex);
}
