// The CSV file(s) in a lead export: the bytes themselves, or the CSVs inside TikTok's zip. Pure: no n8n imports.

import { isZip, readZip, ZipProblem } from '../files/zip';

export interface CsvFile {
	name: string;
	bytes: Uint8Array;
}

/** A file that is not a readable lead export; `hint` says how to fix it. */
export class LeadFileProblem extends Error {
	constructor(
		message: string,
		readonly hint: string,
	) {
		super(message);
	}
}

export function csvFilesIn(bytes: Uint8Array, name: string): CsvFile[] {
	if (!isZip(bytes)) return [{ name, bytes }];
	let entries: ReturnType<typeof readZip> | undefined;
	let reason = '';
	try {
		entries = readZip(bytes);
	} catch (error) {
		reason = error instanceof ZipProblem ? error.message : `the zip file could not be read (${String(error)})`;
	}
	if (!entries) {
		throw new LeadFileProblem(
			`${name}: ${reason}`,
			'Download the file again. If it keeps failing, unzip it on your computer and import the CSV inside with Lead > Import CSV.',
		);
	}
	const csvs = entries.filter((e) => /\.(csv|txt)$/i.test(e.name) && !e.name.startsWith('__MACOSX/'));
	if (csvs.length === 0) {
		throw new LeadFileProblem(
			`${name} contains no CSV file`,
			`Files inside: ${entries.map((e) => e.name).join(', ') || 'none'}. Import a TikTok lead export (.csv).`,
		);
	}
	return csvs.map((e) => ({ name: `${name}/${e.name}`, bytes: e.data }));
}
