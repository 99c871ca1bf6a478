import type { INodeProperties } from 'n8n-workflow';

import { showFor } from '../../helpers/common';

/** Customer-file operations that read a segment (create, append, replace, remove). */
const SEGMENT = ['create', 'append', 'replace', 'remove'];
const FROM_FILE = { source: ['binaryFile'] };

function columnField(type: string, label: string, fallback: string, schemas: string[]): INodeProperties {
	return {
		displayName: `${label} Column`,
		name: `${type}Column`,
		type: 'string',
		default: fallback,
		displayOptions: showFor(SEGMENT, { ...FROM_FILE, schema: schemas }),
		description: `Header of the column holding the ${label.toLowerCase()} (CSV/TSV: trimmed, any case), or its key in each NDJSON line (a dot path such as contact.${fallback} works)`,
	};
}

/** Where the segment comes from: the input items (one person per item) or a file in a binary property. */
export const sourceFields: INodeProperties[] = [
	{
		displayName: 'Source',
		name: 'source',
		type: 'options',
		default: 'items',
		displayOptions: showFor(SEGMENT),
		options: [
			{ name: 'Input Items', value: 'items', description: 'One person per input item' },
			{
				name: 'Binary File',
				value: 'binaryFile',
				description: 'A CSV, TSV or NDJSON file (gzip accepted) read as a stream: millions of rows without making items',
			},
		],
	},
	{
		displayName: 'Input Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		required: true,
		displayOptions: showFor(SEGMENT, FROM_FILE),
		hint: 'The name of the input binary field holding the file (every input item with one is read, in order)',
	},
	{
		displayName: 'File Format',
		name: 'fileFormat',
		type: 'options',
		default: 'auto',
		displayOptions: showFor(SEGMENT, FROM_FILE),
		options: [
			{ name: 'Auto-Detect', value: 'auto', description: 'From the MIME type, the file name, then the first line' },
			{ name: 'CSV', value: 'csv', description: 'Header row first; comma, semicolon or pipe' },
			{ name: 'NDJSON', value: 'ndjson', description: 'One JSON object per line (JSON Lines)' },
			{ name: 'TSV', value: 'tsv', description: 'Header row first; tab-separated' },
		],
	},
	columnField('email', 'Email', 'email', ['email', 'multiple']),
	columnField('phone', 'Phone', 'phone', ['phone', 'multiple']),
	columnField('maid', 'Mobile Advertising ID', 'maid', ['maid']),
];
