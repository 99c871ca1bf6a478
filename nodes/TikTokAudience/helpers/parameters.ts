import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { isSupportedCountry } from '../../shared/identity';
import { compileFieldPath } from '../../shared/fieldPath';

/** The Default Country parameter, upper-cased; undefined when empty; a code we cannot dial is refused. */
export function readDefaultCountry(context: IExecuteFunctions): string | undefined {
	const country = String(context.getNodeParameter('defaultCountry', 0, '') ?? '').trim().toUpperCase() || undefined;
	if (country && !isSupportedCountry(country)) {
		throw new NodeOperationError(context.getNode(), `"${country}" is not a country code`, {
			description: 'Default Country takes a two-letter ISO 3166 code such as VN, US, TH or ID.',
		});
	}
	return country;
}

/**
 * Reads an identifier field parameter item by item: an expression such as {{ $json.contact.email }} yields the value
 * itself (n8n evaluates it per item); a plain text is a field path compiled once and applied to every item.
 */
export function identifierReader(
	context: IExecuteFunctions,
	parameter: string,
	fallbackPath: string,
): (json: IDataObject, itemIndex: number) => unknown {
	const raw = context.getNode().parameters[parameter];
	if (typeof raw === 'string' && raw.startsWith('=')) return (_json, i) => context.getNodeParameter(parameter, i, '');
	const read = compileFieldPath(String(context.getNodeParameter(parameter, 0, fallbackPath) ?? '').trim() || fallbackPath);
	return (json) => read(json);
}
