import type { INodeProperties } from 'n8n-workflow';

/** TikTok IDs are long digit strings (advertisers are 19 digits). */
export const NUMERIC_ID_REGEX = '^\\s*[0-9]{1,25}\\s*$';

export function numericIdLocator(
	name: string,
	displayName: string,
	searchListMethod: string,
	extra: Partial<INodeProperties> = {},
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod, searchable: true },
			},
			{
				displayName: 'By ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 7123456789012345678',
				validation: [
					{
						type: 'regex',
						properties: { regex: NUMERIC_ID_REGEX, errorMessage: 'A TikTok ID is made of digits only' },
					},
				],
			},
		],
		...extra,
	};
}

export const advertiserIdLocator: INodeProperties = numericIdLocator(
	'advertiserId',
	'Advertiser',
	'searchAdvertisers',
	{ description: 'The TikTok ad account (advertiser) to work with' },
);
