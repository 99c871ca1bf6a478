import type { INodeProperties } from 'n8n-workflow';

import { advertiserIdLocator, numericIdLocator } from '../../../TikTokAds/descriptions';

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
