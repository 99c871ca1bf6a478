import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../TikTokAds/methods/searchAdvertisers';
import { searchForms } from '../TikTokAds/methods/searchForms';
import { CREDENTIAL_TYPE } from '../TikTokAds/transport';
import { operations, router } from './actions/router';
import { searchBusinessCenters } from './methods/searchBusinessCenters';

const resource: INodeProperties = {
	displayName: 'Resource',
	name: 'resource',
	type: 'options',
	noDataExpression: true,
	default: 'adAccount',
	options: [
		{ name: 'Ad Account', value: 'adAccount' },
		{ name: 'Business Center', value: 'businessCenter' },
		{ name: 'Event Set', value: 'eventSet' },
		{ name: 'Instant Form', value: 'instantForm' },
		{ name: 'Lead', value: 'lead' },
		{ name: 'Report', value: 'report' },
	],
};

function operationsOf(
	resourceValue: string,
	defaultValue: string,
	options: Array<{ name: string; value: string; action: string; description: string }>,
): INodeProperties {
	return {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resourceValue] } },
		default: defaultValue,
		options,
	};
}

const operationSelectors: INodeProperties[] = [
	operationsOf('adAccount', 'getAll', [
		{ name: 'Get', value: 'get', action: 'Get an ad account', description: 'Get one ad account with its status, role and lead webhook' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many ad accounts', description: 'List the ad accounts the credential is authorized for' },
	]),
	operationsOf('businessCenter', 'getAssets', [
		{ name: 'Get Assets', value: 'getAssets', action: 'Get assets of a business center', description: 'List ad accounts (with your role on each) or other assets of a Business Center' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many business centers', description: 'List the Business Centers you belong to' },
	]),
	operationsOf('instantForm', 'getAll', [
		{ name: 'Get Fields', value: 'getFields', action: 'Get the fields of an instant form', description: 'List the questions of a form, to map lead columns' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many instant forms', description: 'List the instant forms (lead forms) of an ad account' },
	]),
	operationsOf('lead', 'download', [
		{ name: 'Create Test Lead', value: 'createTest', action: 'Create a test lead', description: 'Create a test lead on a form (one per form)' },
		{ name: 'Delete Test Lead', value: 'deleteTest', action: 'Delete a test lead', description: "Delete a form's test lead" },
		{ name: 'Download', value: 'download', action: 'Download leads', description: 'Download the leads of a form or ad (one item per lead)' },
		{ name: 'Import CSV', value: 'importCsv', action: 'Import leads from a CSV file', description: 'Read a lead export file (one item per lead)' },
	]),
	operationsOf('report', 'get', [
		{ name: 'Get Report', value: 'get', action: 'Get a report', description: 'Spend, results and cost per result per campaign, ad group or ad and day (one item per row)' },
	]),
	operationsOf('eventSet', 'getAll', [
		{ name: 'Create Offline Event Set', value: 'create', action: 'Create an offline event set', description: 'Create an offline event set (e.g. one per Messenger page)' },
		{ name: 'Get Many', value: 'getAll', action: 'Get many event sets', description: 'List pixels, CRM and offline event sets of an ad account' },
	]),
];

export class TikTokAdsAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Ads Account',
		name: 'tikTokAdsAccount',
		icon: { light: 'file:../TikTokAds/tiktok.svg', dark: 'file:../TikTokAds/tiktok.dark.svg' },
		group: ['input'],
		version: 1,
		subtitle: '={{$parameter["operation"] + ": " + $parameter["resource"]}}',
		description: 'Read TikTok ad accounts, Business Centers, instant forms, leads, event sets and reports',
		defaults: { name: 'TikTok Ads Account' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			resource,
			...operationSelectors,
			...Object.values(operations).flatMap((byOperation) => Object.values(byOperation).flatMap((op) => op.description)),
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchForms, searchBusinessCenters },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
