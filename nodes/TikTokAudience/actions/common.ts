import type { IDisplayOptions } from 'n8n-workflow';

import type { Operation as BaseOperation } from '../../TikTokAds/operationHelpers';

export { readId, readLimit, returnAllAndLimit, toItems } from '../../TikTokAds/operationHelpers';

/**
 * One operation: its parameters and what it does. Segment operations (create, append, replace, remove) run
 * once over all input items; the others run once per item.
 */
export interface Operation extends BaseOperation {
	/** 'segment': execute() is called once with every input item; 'item': once per item. */
	scope: 'segment' | 'item';
}

export function showFor(operations: string[], extra: IDisplayOptions['show'] = {}): IDisplayOptions {
	return { show: { operation: operations, ...extra } };
}
