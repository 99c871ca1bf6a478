import { NodeOperationError, type IBinaryData, type IExecuteFunctions } from 'n8n-workflow';

import { DelimitedRowReader, NdjsonRowReader, findColumns, RowTooLong } from '../../shared/files/rowStream';
import { TextDecodeProblem, Utf8StreamDecoder } from '../../shared/files/text';
import { maskIdentifier } from '../../shared/identity';
import type { AudienceUploadPlanner, IdentifierType } from '../upload/plan';
import { GunzipError, openByteStage, type ByteStage } from './byteStage';
import { compileFieldPath } from '../../shared/fieldPath';

export type FileFormat = 'csv' | 'tsv' | 'ndjson';

export interface FileSourceOptions {
	binaryProperty: string;
	format: 'auto' | FileFormat;
	/** Header name (CSV/TSV) or key path (NDJSON) per identifier type of the schema. */
	columns: Partial<Record<IdentifierType, string>>;
}

/** What was read from one input item's file, for the summary. */
export interface SourceFile {
	item: number;
	fileName: string | null;
	format: FileFormat;
	gzip: boolean;
	rows: number;
}

/** 256 KiB per read: big enough that per-chunk overhead vanishes, small next to the files being built. */
const CHUNK_BYTES = 256 * 1024;
/** Base64 characters per in-memory slice (a multiple of 4, so every slice decodes on its own). */
const BASE64_SLICE = (CHUNK_BYTES / 3) * 4;

export function readFileSourceOptions(context: IExecuteFunctions, types: readonly IdentifierType[]): FileSourceOptions {
	const columns: Partial<Record<IdentifierType, string>> = {};
	for (const type of types) {
		columns[type] = String(context.getNodeParameter(`${type}Column`, 0, type) ?? '').trim() || type;
	}
	return {
		binaryProperty: String(context.getNodeParameter('binaryPropertyName', 0, 'data') ?? '').trim() || 'data',
		format: context.getNodeParameter('fileFormat', 0, 'auto') as FileSourceOptions['format'],
		columns,
	};
}

/**
 * The file's bytes in chunks: streamed from n8n's binary store when the binary has an id (filesystem, database
 * or S3 mode), else decoded slice by slice from the item's base64, never the whole file at once.
 */
async function* binaryChunks(context: IExecuteFunctions, binary: IBinaryData): AsyncGenerator<Uint8Array> {
	if (binary.id) {
		const stream = (await context.helpers.getBinaryStream(binary.id, CHUNK_BYTES)) as unknown as AsyncIterable<Uint8Array>;
		for await (const chunk of stream) yield chunk;
		return;
	}
	const base64 = binary.data;
	for (let i = 0; i < base64.length; i += BASE64_SLICE) yield Buffer.from(base64.slice(i, i + BASE64_SLICE), 'base64');
}

export function detectFormat(choice: FileSourceOptions['format'], binary: IBinaryData, firstText: string): FileFormat {
	if (choice !== 'auto') return choice;
	const mime = (binary.mimeType ?? '').split(';')[0].trim().toLowerCase();
	if (/ndjson|jsonl|json-lines|jsonlines/.test(mime)) return 'ndjson';
	if (mime === 'text/tab-separated-values') return 'tsv';
	if (mime === 'text/csv' || mime === 'application/csv') return 'csv';
	const name = (binary.fileName ?? '').toLowerCase().replace(/\.gz$/, '');
	if (/\.(ndjson|jsonl)$/.test(name)) return 'ndjson';
	if (/\.(tsv|tab)$/.test(name)) return 'tsv';
	if (name.endsWith('.csv')) return 'csv';
	return firstText.trimStart().startsWith('{') ? 'ndjson' : 'csv';
}

/** Header names for an error message; a cell that looks like an email or a phone (no header row) is masked. */
function describeNames(names: readonly string[]): string {
	const shown = names.slice(0, 30).map((n) => {
		const name = n.replace(/^\uFEFF/, '').trim();
		// Digits are counted across separators: a phone is often written "+84 912 345 678".
		return name.includes('@') || name.replace(/\D/g, '').length >= 5 ? maskIdentifier(name) : `"${name.slice(0, 60)}"`;
	});
	return `${shown.join(', ') || '(none)'}${names.length > 30 ? `, … (${names.length} in all)` : ''}`;
}

interface TextSink {
	push(text: string): void;
	finish(): void;
}

/** Rows of a CSV/TSV file into the planner: the first row is the header that picks the columns. */
function delimitedSink(
	context: IExecuteFunctions,
	itemIndex: number,
	format: 'csv' | 'tsv',
	options: FileSourceOptions,
	planner: AudienceUploadPlanner,
	file: SourceFile,
): TextSink {
	let columns: Array<[IdentifierType, number]> | undefined;
	const values: Partial<Record<IdentifierType, unknown>> = {};
	return new DelimitedRowReader(format === 'tsv' ? '\t' : 'auto', (line, fields, problem) => {
		if (!columns) {
			const { index, missing } = findColumns(fields, options.columns as Record<IdentifierType, string>);
			if (missing.length > 0) {
				const names = missing.map((type) => `"${options.columns[type]}"`).join(' and ');
				throw new NodeOperationError(context.getNode(), `The file has no column ${names}`, {
					itemIndex,
					description: `Columns in its header row (line ${line}): ${describeNames(fields)}. Set the column parameter to one of them (compared trimmed, in any case); the first row must be the header.`,
				});
			}
			columns = Object.entries(index) as Array<[IdentifierType, number]>;
			return;
		}
		file.rows++;
		if (problem) return planner.reject(line, 'broken_quotes');
		for (const [type, at] of columns) values[type] = fields[at];
		planner.add(line, values);
	});
}

/** One JSON object per line into the planner; keys are field paths, as for input items. */
function ndjsonSink(
	context: IExecuteFunctions,
	itemIndex: number,
	options: FileSourceOptions,
	planner: AudienceUploadPlanner,
	file: SourceFile,
): TextSink {
	const readers = (Object.entries(options.columns) as Array<[IdentifierType, string]>).map(
		([type, path]) => [type, compileFieldPath(path)] as const,
	);
	const values: Partial<Record<IdentifierType, unknown>> = {};
	return new NdjsonRowReader((line, record, problem) => {
		file.rows++;
		if (!record) return planner.reject(line, problem ?? 'bad_json');
		for (const [type, read] of readers) values[type] = read(record);
		if (file.rows === 1 && readers.every(([type]) => values[type] === undefined)) {
			const keys = Object.values(options.columns).map((k) => `"${k}"`).join(' or ');
			throw new NodeOperationError(context.getNode(), `The first line of the file has no key ${keys}`, {
				itemIndex,
				description: `Keys on line ${line}: ${describeNames(Object.keys(record))}. Set the column parameter to the key holding the identifier (a dot path such as contact.email works).`,
			});
		}
		planner.add(line, values);
	});
}

/** A failure of the file itself (not UTF-8, endless row, compression) as the node's error for that item. */
function fileError(context: IExecuteFunctions, itemIndex: number, fileName: string | null, error: unknown): Error {
	if (error instanceof NodeOperationError) return error;
	const what = fileName ? `"${fileName}"` : 'the binary file';
	if (error instanceof RowTooLong) {
		return new NodeOperationError(context.getNode(), `Cannot read ${what}: ${error.message}`, {
			itemIndex,
			description: 'A quote that is never closed swallows the rest of the file into one value; fix the quoting, or check that the file is CSV, TSV or NDJSON.',
		});
	}
	if (error instanceof TextDecodeProblem || error instanceof GunzipError) {
		return new NodeOperationError(context.getNode(), `Cannot read ${what}: ${(error as Error).message}`, {
			itemIndex,
			description: 'The file must be UTF-8 text (CSV, TSV or NDJSON), plain or gzip-compressed. Nothing more was read from it.',
		});
	}
	return error as Error;
}

/**
 * Streams the file of one input item into the planner. `afterChunk` runs after every chunk (the caller uploads
 * the files that filled up), so memory stays bounded whatever the file's size.
 */
export async function readSegmentFile(
	context: IExecuteFunctions,
	itemIndex: number,
	options: FileSourceOptions,
	planner: AudienceUploadPlanner,
	afterChunk: () => Promise<void>,
): Promise<SourceFile> {
	const binary = context.helpers.assertBinaryData(itemIndex, options.binaryProperty);
	const file: SourceFile = { item: itemIndex, fileName: binary.fileName ?? null, format: 'csv', gzip: false, rows: 0 };
	const decoder = new Utf8StreamDecoder();
	let stage: ByteStage | undefined;
	let sink: TextSink | undefined;
	const feed = (text: string) => {
		if (!text) return;
		if (!sink) {
			file.format = detectFormat(options.format, binary, text);
			sink =
				file.format === 'ndjson'
					? ndjsonSink(context, itemIndex, options, planner, file)
					: delimitedSink(context, itemIndex, file.format, options, planner, file);
		}
		sink.push(text);
	};
	try {
		for await (const chunk of binaryChunks(context, binary)) {
			if (!stage) {
				stage = openByteStage(chunk);
				file.gzip = stage.gzip;
			}
			for (const piece of stage.push(chunk)) feed(decoder.push(piece));
			await afterChunk();
		}
		for (const piece of stage?.finish() ?? []) feed(decoder.push(piece));
		feed(decoder.finish());
		sink?.finish();
	} catch (error) {
		throw fileError(context, itemIndex, file.fileName, error);
	}
	return file;
}
