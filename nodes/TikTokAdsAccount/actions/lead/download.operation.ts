import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { downloadLeadFiles, type LeadRegion, type LeadTaskTarget } from '../../../shared/leads/downloadTask';
import type { DelimiterOption } from '../../../shared/leads/leadCsv';
import { readId, type Operation } from '../../helpers/common';
import { advertiserFor, formFor } from '../../helpers/pickers';
import { delimiterOption, leadFileToItems } from '../../helpers/leadFile';
import { adminNotice, explainLeadError } from '../../helpers/testLead';

const show = (extra: IDataObject = {}) => ({ show: { resource: ['lead'], operation: ['download'], ...extra } });

export const description: Operation['description'] = [
	adminNotice('download'),
	advertiserFor('lead', ['download']),
	{
		displayName: 'Download By',
		name: 'downloadBy',
		type: 'options',
		default: 'form',
		displayOptions: show(),
		options: [
			{ name: 'Instant Form', value: 'form', description: 'All leads of one form' },
			{ name: 'Ad', value: 'ad', description: 'All leads collected by one ad' },
		],
	},
	{ ...formFor('lead', ['download']), displayOptions: show({ downloadBy: ['form'] }) },
	{
		displayName: 'Ad ID',
		name: 'adId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. 1790000000000000001',
		displayOptions: show({ downloadBy: ['ad'] }),
		description: 'An ad that collects leads with an instant form',
	},
	{
		displayName: 'Lead Region',
		name: 'region',
		type: 'options',
		default: 'rest',
		displayOptions: show(),
		options: [
			{ name: 'Rest of World', value: 'rest', description: 'Leads outside the EU/EEA, Switzerland, the UK and the US' },
			{ name: 'EU/EEA, Switzerland, UK', value: 'eu', description: 'Sends the header x-lead-region: eu' },
			{ name: 'United States', value: 'us', description: 'Sends the header x-lead-region: us' },
		],
		description: 'TikTok stores leads per region and returns only one region per download',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		displayOptions: show(),
		options: [
			delimiterOption(),
			{
				displayName: 'Max Wait (Seconds)',
				name: 'maxWaitSeconds',
				type: 'number',
				typeOptions: { minValue: 1 },
				default: 300,
				description: 'How long to wait for TikTok to prepare the file before stopping with an error naming the task',
			},
			{
				displayName: 'Poll Interval (Seconds)',
				name: 'pollIntervalSeconds',
				type: 'number',
				typeOptions: { minValue: 0.5, numberPrecision: 1 },
				default: 5,
				description: 'How often to ask TikTok whether the file is ready',
			},
		],
	},
];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const byAd = this.getNodeParameter('downloadBy', itemIndex, 'form') === 'ad';
	const target: LeadTaskTarget = byAd
		? { ad_id: readId(this, 'adId', 'ad ID', itemIndex), label: '' }
		: { page_id: readId(this, 'formId', 'instant form ID', itemIndex), label: '' };
	target.label = byAd ? `ad ${target.ad_id}` : `form ${target.page_id}`;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const intervalSeconds = Math.max(0.5, Number(options.pollIntervalSeconds ?? 5));
	const maxWaitS = Math.max(1, Number(options.maxWaitSeconds ?? 300));
	const [file] = await downloadLeadFiles.call(this, [target], {
		advertiserId,
		region: this.getNodeParameter('region', itemIndex, 'rest') as LeadRegion,
		intervalSeconds,
		// Bounded by a poll count, not a clock: the wait is interval × polls whatever the machine's speed.
		maxPolls: Math.max(1, Math.ceil(maxWaitS / intervalSeconds)),
		itemIndex,
		explain: (error, hint) => explainLeadError(error, advertiserId, hint),
	});
	return leadFileToItems(this, file.bytes, file.fileName, itemIndex, (options.delimiter as DelimiterOption) ?? 'auto', {
		addCreatedAt: true,
	});
}
