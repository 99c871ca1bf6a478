import { createHash } from 'node:crypto';

import { startEmulator, type Emulator } from '../../emulator';
import { parseMultipart, MultipartError } from '../../emulator/multipart';
import { MultipartStreamParser, type PartSink } from '../../emulator/multipartStream';
import { CustomerFileReader } from '../../emulator/routes/customerFile';
import { apiUrl } from './http';

const BOUNDARY = 'b0undary';
const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from(`\r\n--${BOUNDARY.slice(0, 4)}\r\n--`)]);
const body = Buffer.concat([
	Buffer.from(`preamble\r\n--${BOUNDARY}\r\nContent-Disposition: form-data; name="advertiser_id"\r\n\r\n7123\r\n`),
	Buffer.from(`--${BOUNDARY}  \r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\n`),
	binary,
	Buffer.from(`\r\n--${BOUNDARY}--\r\nepilogue`),
]);

function streamed(bytes: Buffer, chunk: number, sinkFor?: () => PartSink) {
	const parser = new MultipartStreamParser(BOUNDARY, () => sinkFor?.());
	for (let i = 0; i < bytes.length; i += chunk) parser.write(bytes.subarray(i, i + chunk));
	return parser.end();
}

describe('MultipartStreamParser', () => {
	it.each([1, 2, 3, 7, 13, 64, 4096])('gives the parts the whole-body parser gives, in chunks of %i bytes', (chunk) => {
		const whole = parseMultipart(body, BOUNDARY);
		const parts = streamed(body, chunk).parts;
		expect(parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString('base64')])).toEqual(
			whole.parts.map((p) => [p.name, p.filename, p.contentType, p.data.toString('base64')]),
		);
	});

	it('hands a file part to its sink chunk by chunk and keeps none of it', () => {
		const seen: Buffer[] = [];
		const result = streamed(body, 5, () => ({ write: (c) => seen.push(Buffer.from(c)), end: () => 'done' }));
		expect(Buffer.concat(seen).equals(binary)).toBe(true);
		expect(seen.length).toBeGreaterThan(50);
		expect(result.files[0]).toMatchObject({ name: 'file', streamed: 'done' });
		expect(result.files[0].data.length).toBe(0);
		expect(result.fields).toEqual({ advertiser_id: '7123' });
	});

	it('refuses an unterminated body and a body without delimiter, like the whole-body parser', () => {
		expect(() => streamed(body.subarray(0, body.length - 20), 9)).toThrow(MultipartError);
		expect(() => streamed(Buffer.from('no multipart here'), 4)).toThrow('multipart body has no boundary delimiter');
	});
});

describe('CustomerFileReader', () => {
	it('reads lines cut anywhere: header rule, bad lines, CRLF, identifiers', () => {
		const a = 'a'.repeat(64);
		const b = 'B'.repeat(64);
		const text = Buffer.from(`Email_SHA256\r\n${a}\r\nnot-a-digest\r\n\r\n${b}`);
		for (const chunk of [1, 5, 64, 1000]) {
			const reader = new CustomerFileReader('EMAIL_SHA256');
			for (let i = 0; i < text.length; i += chunk) reader.write(text.subarray(i, i + chunk));
			expect(reader.end()).toMatchObject({ identifiers: [`EMAIL_SHA256:${a}`, `EMAIL_SHA256:${'b'.repeat(64)}`], count: 2, badLines: 1, lostToHeader: 0 });
		}
	});
});

describe('customer-file upload route, streamed', () => {
	let emu: Emulator;
	afterEach(() => emu.close());

	/** A header plus `lines` digests (every 1000th line broken), generated in pieces, never as one buffer. */
	function* customerFile(lines: number): Generator<Buffer> {
		yield Buffer.from('Email_SHA256\n');
		const per = 10_000;
		for (let start = 0; start < lines; start += per) {
			let text = '';
			for (let i = start; i < Math.min(lines, start + per); i++) text += i % 1000 === 999 ? 'junk\n' : `${i.toString(16).padStart(64, '0')}\n`;
			yield Buffer.from(text);
		}
	}

	async function upload(emu: Emulator, lines: number, signature?: string) {
		let md5 = signature;
		if (!md5) {
			const hash = createHash('md5');
			for (const piece of customerFile(lines)) hash.update(piece);
			md5 = hash.digest('hex');
		}
		const advertiserId = [...emu.state.core.advertisers.keys()][0];
		const head = (name: string, extra = '') => `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"${extra}\r\n\r\n`;
		async function* bodyPieces() {
			yield Buffer.from(`${head('advertiser_id')}${advertiserId}\r\n${head('calculate_type')}EMAIL_SHA256\r\n${head('file_signature')}${md5}\r\n`);
			yield Buffer.from(`${head('file', '; filename="big.csv"').replace('\r\n\r\n', '\r\nContent-Type: text/csv\r\n\r\n')}`);
			for (const piece of customerFile(lines)) yield piece;
			yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`);
		}
		const res = await fetch(apiUrl(emu, '/dmp/custom_audience/file/upload/'), {
			method: 'POST',
			headers: { 'Access-Token': emu.accessToken, 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}` },
			body: (ReadableStream as unknown as { from(source: AsyncIterable<Buffer>): ReadableStream }).from(bodyPieces()),
			duplex: 'half',
		} as RequestInit);
		return (await res.json()) as { code: number; message: string; data: { file_path?: string } };
	}

	it('takes a file past the old 64 MiB body cap in counts mode: lines, bad lines and MD5 checked, nothing kept', async () => {
		emu = await startEmulator({ audienceRecording: 'counts', recordBodies: false });
		const lines = 1_100_000; // 71.5 MB of digests
		const answer = await upload(emu, lines);
		expect(answer.code).toBe(0);
		const file = emu.state.audience.files.get(answer.data.file_path!)!;
		expect(file).toMatchObject({ count: lines - 1100, badLines: 1100, lostToHeader: 0, identifiers: [] });
		expect(file.bytes).toBeGreaterThan(64 * 1024 * 1024);
		const [rec] = emu.requestsTo('/dmp/custom_audience/file/upload/');
		expect(rec.rawBody.length).toBe(0);
		expect(rec.bodyBytes).toBeGreaterThan(file.bytes);
	});

	it('still answers 40900 when the signature is not the MD5 of the streamed bytes', async () => {
		emu = await startEmulator();
		const answer = await upload(emu, 5000, '0'.repeat(32));
		expect(answer).toMatchObject({ code: 40900 });
		expect(emu.state.audience.files.size).toBe(0);
	});

	it('records the identifiers and the body by default (tests read members and raw bytes)', async () => {
		emu = await startEmulator();
		const answer = await upload(emu, 3000);
		const file = emu.state.audience.files.get(answer.data.file_path!)!;
		expect(file.identifiers).toHaveLength(2997);
		expect(file.identifiers[0]).toBe(`EMAIL_SHA256:${'0'.repeat(64)}`);
		const [rec] = emu.requestsTo('/dmp/custom_audience/file/upload/');
		expect(rec.rawBody.length).toBe(rec.bodyBytes);
		expect(rec.multipart!.files[0].data.toString('utf8').split('\n')[0]).toBe('Email_SHA256');
	});
});
