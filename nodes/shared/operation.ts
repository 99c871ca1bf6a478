import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type IPairedItemData,
} from 'n8n-workflow';

/**
 * The one shape of an operation of the action nodes (one `<operation>.operation.ts` file each): its parameters and
 * what it does. Most operations work item by item; a few need the whole input at once (an audience file is one
 * segment, conversion events are batched up to 1,000 per request).
 */
export type Operation = ItemOperation | ItemsOperation;

export interface ItemOperation {
	description: INodeProperties[];
	consumes: 'item';
	/** Called once per input item; what it returns is paired with that item. */
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

export interface ItemsOperation {
	description: INodeProperties[];
	consumes: 'items';
	/**
	 * 'errorItem' (the default): with Continue On Fail, an error becomes one error item paired with every input item.
	 * 'throw': the operation returns its own per-item failures under Continue On Fail, so what it still throws is a
	 * setup error that would fail every item; it stops the node either way.
	 */
	onError?: 'errorItem' | 'throw';
	/** Called once with every input item; pairs its own output with the items it came from. */
	execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]>;
}

/** Operations by resource, then by operation. A node with a single resource has no Resource parameter. */
export type OperationTable = Record<string, Record<string, Operation>>;

/** Every operation's parameters, in table order (for a resource file's description). */
export function descriptionsOf(operations: Record<string, Operation>): INodeProperties[] {
	return Object.values(operations).flatMap((operation) => operation.description);
}

/**
 * Runs the operation picked in the node. A failure stops the node as a NodeApiError/NodeOperationError tagged with
 * the item, or, with Continue On Fail, becomes an `{ error, description }` item paired with the input it came from.
 */
export async function route(context: IExecuteFunctions, table: OperationTable): Promise<INodeExecutionData[][]> {
	const operation = pick(context, table);
	const items = context.getInputData();
	if (operation.consumes === 'items') {
		try {
			return [await operation.execute.call(context, items)];
		} catch (error) {
			if (!context.continueOnFail() || operation.onError === 'throw') throw asNodeError(context, error);
			return [[errorItem(error, items.map((_, item) => ({ item })))]];
		}
	}
	const out: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let result: INodeExecutionData[];
		try {
			result = await operation.execute.call(context, itemIndex);
		} catch (error) {
			if (!context.continueOnFail()) throw asNodeError(context, error, itemIndex);
			out.push(errorItem(error, { item: itemIndex }));
			continue;
		}
		// A loop, not push(...result): one report item can yield 150,000+ rows, past the argument-list limit.
		for (const item of result) out.push(item);
	}
	return [out];
}

function pick(context: IExecuteFunctions, table: OperationTable): Operation {
	const resources = Object.keys(table);
	const resource = resources.length === 1 ? resources[0] : (context.getNodeParameter('resource', 0) as string);
	const name = context.getNodeParameter('operation', 0) as string;
	const operation = table[resource]?.[name];
	if (!operation) {
		const what = resources.length === 1 ? `"${name}"` : `"${name}" of "${resource}"`;
		throw new NodeOperationError(context.getNode(), `The operation ${what} is not supported`, {
			description: 'Pick an operation from the list.',
		});
	}
	return operation;
}

/**
 * What was thrown, as an Error: code or a library may throw a string, an object or nothing at all. An object is
 * not printed (it may hold a token); only its kind is named.
 */
function asError(thrown: unknown): Error {
	if (thrown instanceof Error) return thrown;
	if (typeof thrown === 'string' && thrown) return new Error(thrown);
	return new Error(`The operation failed without an error message (it threw ${thrown === null ? 'null' : typeof thrown})`);
}

function errorItem(thrown: unknown, pairedItem: IPairedItemData | IPairedItemData[]): INodeExecutionData {
	const error = asError(thrown);
	const description = (error as { description?: unknown }).description;
	return {
		json: {
			error: error.message,
			...(typeof description === 'string' && description ? { description } : {}),
		},
		pairedItem,
	};
}

/** n8n errors pass through (tagged with the item); anything else is wrapped so the editor shows it properly. */
function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex?: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		if (itemIndex !== undefined) error.context.itemIndex ??= itemIndex;
		return error;
	}
	return new NodeOperationError(context.getNode(), asError(error), { itemIndex });
}
