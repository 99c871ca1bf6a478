import {
	NodeConnectionTypes,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';

import { searchAdvertisers } from '../shared/methods/searchAdvertisers';
import { searchForms } from '../shared/methods/searchForms';
import { route, type OperationTable } from '../shared/operation';
import { CREDENTIAL_TYPE } from '../shared/transport';
import * as adAccount from './actions/adAccount/adAccount.resource';
import * as businessCenter from './actions/businessCenter/businessCenter.resource';
import * as eventSet from './actions/eventSet/eventSet.resource';
import * as instantForm from './actions/instantForm/instantForm.resource';
import * as lead from './actions/lead/lead.resource';
import * as report from './actions/report/report.resource';
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

const operations: OperationTable = {
	adAccount: adAccount.operations,
	businessCenter: businessCenter.operations,
	instantForm: instantForm.operations,
	lead: lead.operations,
	eventSet: eventSet.operations,
	report: report.operations,
};

export class TikTokAdsAccount implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'TikTok Ads Account',
		name: 'tikTokAdsAccount',
		icon: { light: 'file:../shared/tiktok.svg', dark: 'file:../shared/tiktok.dark.svg' },
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
			...adAccount.description,
			...businessCenter.description,
			...instantForm.description,
			...lead.description,
			...report.description,
			...eventSet.description,
		],
	};

	methods = {
		listSearch: { searchAdvertisers, searchForms, searchBusinessCenters },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await route(this, operations);
	}
}
