import type { IDisplayOptions } from 'n8n-workflow';

export { readId, readLimit, returnAllAndLimit, toItems } from '../../shared/operationHelpers';
export type { Operation } from '../../shared/operation';

export function showFor(operations: string[], extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { operation: operations, ...extra } };
}
