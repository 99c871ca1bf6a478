import type { IDisplayOptions, INodeProperties } from 'n8n-workflow';

import { advertiserIdLocator } from '../../../shared/descriptions';
import { MAX_BATCH_SIZE } from '../../events';

/** Parameters that Send Event and Track Messaging Events both show. */

/** The ad account whose pixels and event sets the Pixel or Event Set picker lists. */
export function eventSetAdvertiserField(show: IDisplayOptions['show']): INodeProperties {
	return {
		...advertiserIdLocator,
		required: false,
		description: 'Ad account whose pixels and event sets are listed below (not sent with the events)',
		displayOptions: { show },
	};
}

/** The pixel or event set that receives the events (picker lists those of the advertiser above). */
export function eventSourceIdLocator(
	placeholder: string,
	properties: Pick<INodeProperties, 'description' | 'displayOptions' | 'required'>,
): INodeProperties {
	return {
		displayName: 'Pixel or Event Set',
		name: 'eventSourceId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		...properties,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: 'searchEventSets', searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder,
				validation: [
					{
						type: 'regex',
						properties: {
							regex: '^\\s*[A-Za-z0-9_-]{1,64}\\s*$',
							errorMessage: 'A pixel code or event set ID is made of letters and digits',
						},
					},
				],
			},
		],
	};
}

/** Entries of the Options collection. */
export const batchSizeOption: INodeProperties = {
	displayName: 'Batch Size',
	name: 'batchSize',
	type: 'number',
	default: MAX_BATCH_SIZE,
	typeOptions: { minValue: 1, maxValue: MAX_BATCH_SIZE },
	description: `Events per request to TikTok (at most ${MAX_BATCH_SIZE})`,
};

export const defaultCountryOption: INodeProperties = {
	displayName: 'Default Country',
	name: 'defaultCountry',
	type: 'string',
	default: '',
	placeholder: 'e.g. VN',
	description: 'Two-letter country code for phone numbers written without a country code',
};

export const testEventCodeOption: INodeProperties = {
	displayName: 'Test Event Code',
	name: 'testEventCode',
	type: 'string',
	default: '',
	placeholder: 'e.g. TEST12345',
	description: 'From Events Manager → Test Events. Events then show up there only; remove it for production.',
};
