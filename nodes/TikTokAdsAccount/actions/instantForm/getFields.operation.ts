import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { toIsoTimeOrAsIs } from '../../../shared/time';
import { explainAdvertiserError, toItems, type Operation } from '../../helpers/common';
import { advertiserAndFormFor, readAdvertiserAndForm } from '../../helpers/pickers';

export const description: Operation['description'] = [
	...advertiserAndFormFor('instantForm', ['getFields']),
];

/** One item per form: its questions in order, to build a field mapping from (lead column → your CDP field). */
export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { advertiserId, formId } = readAdvertiserAndForm(this, itemIndex);
	let data: IDataObject;
	try {
		({ data } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/page/field/get/',
			qs: { advertiser_id: advertiserId, page_id: formId },
			itemIndex,
		}));
	} catch (error) {
		throw explainAdvertiserError(error, advertiserId);
	}
	const meta = (data.meta ?? {}) as IDataObject;
	const fields = ((data.fields as unknown[] | undefined) ?? []).map((f) => String(f));
	return toItems(
		[
			{
				advertiserId,
				page_id: String(meta.page_id ?? formId),
				page_name: meta.page_name ?? null,
				page_url: meta.page_url ?? null,
				create_time: toIsoTimeOrAsIs(meta.create_time),
				fields,
			},
		],
		itemIndex,
	);
}
