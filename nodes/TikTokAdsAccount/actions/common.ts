import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

/** One operation: its parameters and what it does for one input item. */
export interface Operation {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]>;
}

export function show(resource: string, operation: string): IDisplayOptions {
	return { show: { resource: [resource], operation: [operation] } };
}

/** Puts each property under one resource/operation. */
export function forOperation(resource: string, operation: string, properties: INodeProperties[]): INodeProperties[] {
	return properties.map((p) => ({ ...p, displayOptions: show(resource, operation) }));
}

export const returnAllAndLimit: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** returnAll/limit under a resource/operation (the Limit keeps its own returnAll condition). */
export function returnAllAndLimitFor(resource: string, operation: string): INodeProperties[] {
	return returnAllAndLimit.map((p) => ({
		...p,
		displayOptions: {
			show: { resource: [resource], operation: [operation], ...(p.displayOptions?.show ?? {}) },
		},
	}));
}

/** undefined when Return All is on. */
export function readLimit(context: IExecuteFunctions, itemIndex: number): number | undefined {
	if (context.getNodeParameter('returnAll', itemIndex, false) as boolean) return undefined;
	return context.getNodeParameter('limit', itemIndex, 50) as number;
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
				description: `A ${label} is made of digits only (19 digits for most TikTok IDs). Pick one from the list or map the ID from an earlier node as text.`,
			},
		);
	}
	return id;
}

export function toItems(records: IDataObject[], itemIndex: number): INodeExecutionData[] {
	return records.map((json) => ({ json, pairedItem: { item: itemIndex } }));
}

/** TikTok's own code on an error thrown by the transport, if any. */
export function tikTokCode(error: unknown): number | undefined {
	const code = (error as { tiktokCode?: unknown } | undefined)?.tiktokCode;
	return typeof code === 'number' ? code : undefined;
}

/** Replaces the fix-it text of a TikTok error with one that names what this operation was doing. */
export function withDescription(error: unknown, description: string): unknown {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.description = description;
	}
	return error;
}

/** The usual explanation for 40001/40002 on calls that name an advertiser. */
export function explainAdvertiserError(error: unknown, advertiserId: string): unknown {
	const code = tikTokCode(error);
	if (code === 40001) {
		return withDescription(
			error,
			`Ad account ${advertiserId} is not authorized for this credential, was deleted, or the authorization lacks the scope this call needs. Check the ID (Ad Account > Get Many lists the accounts this credential can use) or re-authorize the account in TikTok.`,
		);
	}
	if (code === 40002) {
		return withDescription(
			error,
			`TikTok rejected a parameter for ad account ${advertiserId}. Check the IDs given to this node (advertiser, form, task).`,
		);
	}
	return error;
}
