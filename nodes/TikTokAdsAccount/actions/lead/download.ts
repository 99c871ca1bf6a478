import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { tikTokApiRequest } from '../../../TikTokAds/transport';
import type { DelimiterOption } from '../../helpers/leadCsv';
import { readId, type Operation } from '../common';
import { advertiserFor, formFor } from '../instantForm/shared';
import { delimiterOption, leadFileToItems } from './shared';
import { adminNotice, explainLeadError } from './testLead';

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

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const advertiserId = readId(this, 'advertiserId', 'advertiser ID', itemIndex);
	const byAd = this.getNodeParameter('downloadBy', itemIndex, 'form') === 'ad';
	const target = byAd
		? { ad_id: readId(this, 'adId', 'ad ID', itemIndex) }
		: { page_id: readId(this, 'formId', 'instant form ID', itemIndex) };
	const region = this.getNodeParameter('region', itemIndex, 'rest') as string;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const intervalS = Math.max(0.5, Number(options.pollIntervalSeconds ?? 5));
	const maxWaitS = Math.max(1, Number(options.maxWaitSeconds ?? 300));
	// Bounded by a poll count, not a clock: the wait is interval × polls whatever the machine's speed.
	const maxPolls = Math.max(1, Math.ceil(maxWaitS / intervalS));
	const headers = region === 'eu' || region === 'us' ? { 'x-lead-region': region } : undefined;
	const what = byAd ? `ad ${target.ad_id}` : `form ${target.page_id}`;

	let task: IDataObject;
	try {
		({ data: task } = await tikTokApiRequest.call(this, {
			method: 'POST',
			path: '/page/lead/task/',
			body: { advertiser_id: advertiserId, ...target },
			headers,
			itemIndex,
		}));
	} catch (error) {
		throw explainLeadError(error, advertiserId, `Check that ${what} belongs to ad account ${advertiserId}.`);
	}
	const taskId = String(task.task_id ?? '');
	if (!taskId) {
		throw new NodeOperationError(this.getNode(), 'TikTok did not return a task ID for the lead download', { itemIndex });
	}

	for (let poll = 0; poll < maxPolls && task.status !== 'SUCCEED' && task.status !== 'FAILED'; poll++) {
		await sleep(intervalS * 1000);
		try {
			({ data: task } = await tikTokApiRequest.call(this, {
				method: 'POST',
				path: '/page/lead/task/',
				body: { advertiser_id: advertiserId, ...target, task_id: taskId },
				headers,
				itemIndex,
			}));
		} catch (error) {
			throw explainLeadError(error, advertiserId);
		}
	}
	if (task.status === 'FAILED') {
		throw new NodeOperationError(this.getNode(), `TikTok could not prepare the lead file (task ${taskId} FAILED)`, {
			itemIndex,
			description: `The download task for ${what} ended in FAILED. Run the node again to start a new task; if it keeps failing, download the leads from TikTok Leads Center and use Lead > Import CSV.`,
		});
	}
	if (task.status !== 'SUCCEED') {
		throw new NodeOperationError(
			this.getNode(),
			`The lead file was not ready after ${maxWaitS} s (task ${taskId}, status ${String(task.status)})`,
			{
				itemIndex,
				description: 'TikTok is still preparing the file. Raise Options > Max Wait, or run the node again later.',
			},
		);
	}

	let file: unknown;
	try {
		({ data: file } = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/page/lead/task/download/',
			qs: { advertiser_id: advertiserId, task_id: taskId },
			headers,
			itemIndex,
			raw: true,
		}));
	} catch (error) {
		throw explainLeadError(
			error,
			advertiserId,
			`Downloading the file of task ${taskId} failed. TikTok keeps the file about 10 minutes; run the node again to create a new task.`,
		);
	}
	if (!Buffer.isBuffer(file)) {
		throw new NodeOperationError(this.getNode(), `TikTok answered the download of task ${taskId} without a file`, {
			itemIndex,
			description: 'Run the node again; if it keeps happening, download the leads from TikTok Leads Center and use Lead > Import CSV.',
		});
	}
	const fileName = String(task.file_name || `leads_${taskId}.${task.file_type === 'zip' ? 'zip' : 'csv'}`);
	return leadFileToItems(this, file, fileName, itemIndex, (options.delimiter as DelimiterOption) ?? 'auto', {
		addCreatedAt: true,
	});
}
