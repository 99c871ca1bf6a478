import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type IPairedItemData,
} from 'n8n-workflow';

import * as append from './audience/append';
import * as create from './audience/create';
import * as del from './audience/delete';
import * as get from './audience/get';
import * as getAll from './audience/getAll';
import * as remove from './audience/remove';
import * as replace from './audience/replace';
import type { Operation } from './common';
import { createOperation as segmentCreate, deleteOperation as segmentDelete } from './segment/audience';
import { addOperation as segmentAdd, removeOperation as segmentRemove } from './segment/members';

export const operations: Record<string, Operation> = {
	create,
	append,
	replace,
	remove,
	get,
	getAll,
	delete: del,
	segmentCreate,
	segmentDelete,
	segmentAdd,
	segmentRemove,
};

function errorItem(error: unknown, pairedItem: IPairedItemData | IPairedItemData[]): INodeExecutionData {
	const description = (error as { description?: unknown }).description;
	return {
		json: {
			error: (error as Error).message,
			...(typeof description === 'string' && description ? { description } : {}),
		},
		pairedItem,
	};
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = operations[operation];
	if (!op) throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`);

	if (op.scope === 'segment') {
		// The whole input is one segment: one run, one summary (or one error) for all items.
		try {
			return [await op.execute.call(this, 0)];
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error);
			return [[errorItem(error, items.map((_, item) => ({ item })))]];
		}
	}

	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		try {
			out.push(...(await op.execute.call(this, itemIndex)));
		} catch (error) {
			if (!this.continueOnFail()) throw asNodeError(this, error, itemIndex);
			out.push(errorItem(error, { item: itemIndex }));
		}
	}
	return [out];
}
