import {
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

/**
 * One operation: its parameters and what it does. Segment operations (create, append, replace, remove) run
 * once over all input items; the others run once per item.
 */
export interface Operation {
	description: INodeProperties[];
	/** 'segment': execute() is called once with every input item; 'item': once per item. */
	scope: 'segment' | 'item';
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

export function showFor(operations: string[], extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { operation: operations, ...extra } };
}

/** A digit-only TikTok ID from a resource locator (or plain string) parameter. */
export function readId(context: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const raw = context.getNodeParameter(name, itemIndex, '', { extractValue: true });
	const id = String(raw ?? '').trim();
	if (!/^\d{1,25}$/.test(id)) {
		throw new NodeOperationError(
			context.getNode(),
			id ? `The ${label} "${id}" is not a TikTok ID` : `No ${label} was given`,
			{
				itemIndex,
				description: `A ${label} is made of digits only. Pick one from the list or map the ID from an earlier node as text.`,
			},
		);
	}
	return id;
}

export function toItems(records: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}
