import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

/** Helpers shared by the operations of the action nodes (one file per operation). */

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
				description: `A ${label} is made of digits only (19 digits for most TikTok IDs). Pick one from the list or map the ID from an earlier node as text.`,
			},
		);
	}
	return id;
}

export function toItems(records: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** Return All / Limit, shown under `show` (the Limit also needs Return All off). */
export function returnAllAndLimit(show: IDisplayOptions['show']): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
			displayOptions: { show: { ...show } },
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { ...show, returnAll: [false] } },
		},
	];
}

/** undefined when Return All is on. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return context.getNodeParameter('limit', itemIndex, 50) as number;
}

/** Replaces the fix-it text of a TikTok error with one that names what this operation was doing. */
export function withDescription(error: unknown, description: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = description;
	}
	return error;
}
