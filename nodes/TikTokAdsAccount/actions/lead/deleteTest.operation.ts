import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { toItems, type Operation } from '../../helpers/common';
import { advertiserAndFormFor, readAdvertiserAndForm } from '../../helpers/pickers';
import { adminNotice, currentTestLead, deleteTestLead, explainLeadError } from '../../helpers/testLead';

export const description: Operation['description'] = [
	adminNotice('deleteTest'),
	...advertiserAndFormFor('lead', ['deleteTest']),
	{
		displayName: 'Test Lead ID',
		name: 'leadId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 7126711421177430274',
		displayOptions: { show: { resource: ['lead'], operation: ['deleteTest'] } },
		description: "Leave empty to delete the form's current test lead (the node looks it up)",
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const { advertiserId, formId } = readAdvertiserAndForm(this, itemIndex);
	let leadId = String(this.getNodeParameter('leadId', itemIndex, '') ?? '').trim();
	if (leadId && !/^\d{1,25}$/.test(leadId)) {
		throw new NodeOperationError(this.getNode(), `The test lead ID "${leadId}" is not a TikTok ID`, {
			itemIndex,
			description: 'Lead IDs are digits only; leave the field empty to delete the form\'s current test lead.',
		});
	}
	try {
		if (!leadId) {
			const existing = await currentTestLead.call(this, advertiserId, formId, itemIndex);
			if (!existing) {
				return toItems(
					[{ deleted: false, advertiserId, formId, reason: 'The form has no test lead' }],
					itemIndex,
				);
			}
			leadId = String((existing.meta_data as IDataObject).lead_id);
		}
		await deleteTestLead.call(this, advertiserId, formId, leadId, itemIndex);
	} catch (error) {
		throw explainLeadError(
			error,
			advertiserId,
			`Test lead ${leadId || '(current)'} was not found on form ${formId}. Leave Test Lead ID empty to delete whatever test lead the form has.`,
		);
	}
	return toItems([{ deleted: true, advertiserId, formId, leadId }], itemIndex);
}
