import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { advertiserIdLocator, numericIdLocator } from '../../shared/descriptions';
import { readId } from './common';

export function advertiserFor(resource: string, operations: string[]): INodeProperties {
	return { ...advertiserIdLocator, displayOptions: { show: { resource: [resource], operation: operations } } };
}

export function formFor(resource: string, operations: string[], extra: Partial<INodeProperties> = {}): INodeProperties {
	return {
		...numericIdLocator('formId', 'Instant Form', 'searchForms', {
			description: 'The instant form (lead form). The list shows the forms of the advertiser above.',
		}),
		...extra,
		displayOptions: { show: { resource: [resource], operation: operations } },
	};
}

/** The Advertiser and Instant Form pickers of an operation on one form. */
export function advertiserAndFormFor(resource: string, operations: string[]): INodeProperties[] {
	return [advertiserFor(resource, operations), formFor(resource, operations)];
}

/** The advertiser and instant form IDs of an operation on one form. */
export function readAdvertiserAndForm(
	context: IExecuteFunctions,
	itemIndex: number,
): { advertiserId: string; formId: string } {
	return {
		advertiserId: readId(context, 'advertiserId', 'advertiser ID', itemIndex),
		formId: readId(context, 'formId', 'instant form ID', itemIndex),
	};
}
