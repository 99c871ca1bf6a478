import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DelimiterOption } from '../../../shared/leads/leadCsv';
import type { Operation } from '../../helpers/common';
import { delimiterOption, leadFileToItems } from '../../helpers/leadFile';

const show = { show: { resource: ['lead'], operation: ['importCsv'] } };

export const description: Operation['description'] = [
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: show,
		hint: 'The name of the input binary field containing the file to import',
		description:
			'A lead export from TikTok Leads Center or Lead > Download (CSV, or the zip TikTok sends for large exports)',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show,
		options: [delimiterOption()],
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const property = this.getNodeParameter('binaryPropertyName', itemIndex) as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const binary = this.helpers.assertBinaryData(itemIndex, property);
	const bytes = await this.helpers.getBinaryDataBuffer(itemIndex, property);
	const fileName = binary.fileName ?? `${property} (item ${itemIndex})`;
	return leadFileToItems(this, bytes, fileName, itemIndex, (options.delimiter as DelimiterOption) ?? 'auto');
}
