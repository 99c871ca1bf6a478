import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequest } from '../../../shared/transport';
import { toItems, type Operation } from '../../helpers/common';
import { advertiserAndFormFor, readAdvertiserAndForm } from '../../helpers/pickers';
import { adminNotice, currentTestLead, deleteTestLead, explainLeadError, shapeTestLead } from '../../helpers/testLead';

const ONE_PER_FORM =
	'TikTok keeps one test lead per form: delete the existing one first (Lead > Delete Test Lead), or turn on the option "Replace Existing Test Lead".';

export const description: Operation['description'] = [
	adminNotice('createTest'),
	...advertiserAndFormFor('lead', ['createTest']),
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: { show: { resource: ['lead'], operation: ['createTest'] } },
		options: [
			{
				displayName: 'Replace Existing Test Lead',
				name: 'replaceExisting',
				type: 'boolean',
				default: false,
				description:
					'Whether to delete the form\'s current test lead first. TikTok allows one test lead per form, so without this a second run fails until the first test lead is deleted.',
			},
		],
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { advertiserId, formId } = readAdvertiserAndForm(this, itemIndex);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	try {
		let replaced: string | undefined;
		if (options.replaceExisting === true) {
			const existing = await currentTestLead.call(this, advertiserId, formId, itemIndex);
			const leadId = existing ? String((existing.meta_data as IDataObject).lead_id) : undefined;
			if (leadId) {
				await deleteTestLead.call(this, advertiserId, formId, leadId, itemIndex);
				replaced = leadId;
			}
		}
		const { data } = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/page/lead/mock/create/',
			body: { advertiser_id: advertiserId, page_id: formId },
			itemIndex,
			idempotent: false,
		});
		const out = shapeTestLead(data, advertiserId);
		if (replaced) out.replacedLeadId = replaced;
		return toItems([out], itemIndex);
	} catch (error) {
		throw explainLeadError(error, advertiserId, `${ONE_PER_FORM} Also check that form ${formId} is an instant form of ad account ${advertiserId}.`);
	}
}
