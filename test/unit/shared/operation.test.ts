import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import { route, type OperationTable } from '../../../nodes/shared/operation';

/** Just enough of n8n's execute context for the router: one node, its input, its parameters. */
function context(items: INodeExecutionData[], continueOnFail: boolean): IExecuteFunctions {
	const node = { id: '1', name: 'TikTok', type: 'test', typeVersion: 1, position: [0, 0] as [number, number], parameters: {} };
	return {
		getNode: () => node,
		getInputData: () => items,
		getNodeParameter: (name: string) => (name === 'operation' ? 'go' : undefined),
		continueOnFail: () => continueOnFail,
	} as unknown as IExecuteFunctions;
}

function table(thrown: unknown, consumes: 'item' | 'items'): OperationTable {
	const execute = async () => {
		throw thrown;
	};
	return { only: { go: { description: [], consumes, execute } as OperationTable[string][string] } };
}

const input: INodeExecutionData[] = [{ json: { a: 1 } }, { json: { a: 2 } }];

describe('route: a thrown value that is not an Error', () => {
	it.each<[string, unknown]>([
		['a string', 'socket hang up'],
		['undefined', undefined],
		['null', null],
		['a plain object', { code: 40002 }],
	])('%s under Continue On Fail becomes an error item with a message, per item and for the whole input', async (_, thrown) => {
		const perItem = await route(context(input, true), table(thrown, 'item'));
		expect(perItem[0]).toHaveLength(2);
		perItem[0].forEach((item, i) => {
			expect(typeof item.json.error).toBe('string');
			expect(String(item.json.error).length).toBeGreaterThan(0);
			expect(item.pairedItem).toEqual({ item: i });
		});
		const whole = await route(context(input, true), table(thrown, 'items'));
		expect(typeof whole[0][0].json.error).toBe('string');
		expect(whole[0][0].pairedItem).toEqual([{ item: 0 }, { item: 1 }]);
	});

	it.each<[string, unknown]>([
		['a string', 'socket hang up'],
		['undefined', undefined],
		['null', null],
	])('%s without Continue On Fail stops the node as a NodeOperationError tagged with the item', async (_, thrown) => {
		const failure = await route(context(input, false), table(thrown, 'item')).catch((e: unknown) => e);
		expect(failure).toBeInstanceOf(NodeOperationError);
		expect((failure as NodeOperationError).context.itemIndex).toBe(0);
		expect(typeof (failure as NodeOperationError).message).toBe('string');
	});
});
