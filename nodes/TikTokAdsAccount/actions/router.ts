import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import * as adAccountGet from './adAccount/get';
import * as adAccountGetAll from './adAccount/getAll';
import * as bcGetAll from './businessCenter/getAll';
import * as bcGetAssets from './businessCenter/getAssets';
import type { Operation } from './common';
import * as eventSetCreate from './eventSet/create';
import * as eventSetGetAll from './eventSet/getAll';
import * as formGetAll from './instantForm/getAll';
import * as formGetFields from './instantForm/getFields';
import * as leadCreateTest from './lead/createTest';
import * as leadDeleteTest from './lead/deleteTest';
import * as leadDownload from './lead/download';
import * as leadImportCsv from './lead/importCsv';
import * as reportGet from './report/get';

export const operations: Record<string, Record<string, Operation>> = {
	adAccount: { get: adAccountGet, getAll: adAccountGetAll },
	businessCenter: { getAll: bcGetAll, getAssets: bcGetAssets },
	instantForm: { getAll: formGetAll, getFields: formGetFields },
	lead: { createTest: leadCreateTest, deleteTest: leadDeleteTest, download: leadDownload, importCsv: leadImportCsv },
	eventSet: { create: eventSetCreate, getAll: eventSetGetAll },
	report: { get: reportGet },
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[resource]?.[operation];
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let failure: unknown;
		try {
			// A loop, not push(...items): one report item can yield 150,000+ rows, past the argument-list limit.
			for (const item of await op.execute.call(this, itemIndex)) out.push(item);
			continue;
		} catch (error) {
			failure = error;
		}
		if (!this.continueOnFail()) throw asNodeError(this, failure, itemIndex);
		const description = (failure as { description?: unknown }).description;
		out.push({
			json: {
				error: (failure as Error).message,
				...(typeof description === 'string' && description ? { description } : {}),
			},
			pairedItem: { item: itemIndex },
		});
	}
	return [out];
}

/** n8n errors pass through (tagged with the item); anything else is wrapped so the editor shows it properly. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}
