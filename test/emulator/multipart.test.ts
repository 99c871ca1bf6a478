import { createHash } from 'node:crypto';
import { z } from 'zod';
import { defineRoute, startEmulator, type Emulator } from '../../emulator';
import { MultipartError, multipartBoundary, parseMultipart } from '../../emulator/multipart';
import { apiUrl, call } from './http';

// Ad-hoc upload route so the core parser is exercised over HTTP without the audience module.
const uploadModule = {
	routes: [
		defineRoute({
			method: 'POST',
			path: '/test/upload/',
			bodyType: 'multipart',
			body: z.object({ advertiser_id: z.string(), file_signature: z.string().regex(/^[0-9a-f]{32}$/) }),
			handler: ({ body, multipart }) => ({
				advertiser_id: body.advertiser_id,
				files: multipart?.files.map((f) => ({
					name: f.name,
					filename: f.filename,
					contentType: f.contentType,
					md5: createHash('md5').update(f.data).digest('hex'),
					size: f.data.length,
				})),
			}),
		}),
	],
};

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ extraModules: { upload: uploadModule } });
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

// Every byte value, plus sequences that look like multipart syntax.
const binary = Buffer.concat([Buffer.from(Array.from({ length: 256 }, (_, i) => i)), Buffer.from('\r\n--x\r\n\r\n--')]);
const md5 = createHash('md5').update(binary).digest('hex');

describe('multipart/form-data over HTTP', () => {
	it('parses text fields and a binary file with its filename and content type', async () => {
		const form = new FormData();
		form.append('advertiser_id', '7123456789012345678');
		form.append('file_signature', md5);
		form.append('file', new Blob([binary], { type: 'text/csv' }), 'khách hàng.csv');
		const res = await fetch(apiUrl(emu, '/test/upload/'), {
			method: 'POST',
			headers: { 'Access-Token': emu.accessToken },
			body: form,
		});
		const json = (await res.json()) as { code: number; message: string; data: unknown };
		expect(json.code).toBe(0);
		expect(json.data).toEqual({
			advertiser_id: '7123456789012345678',
			files: [{ name: 'file', filename: 'khách hàng.csv', contentType: 'text/csv', md5, size: binary.length }],
		});
		const [rec] = emu.requestsTo('/test/upload/');
		expect(rec.body).toEqual({ advertiser_id: '7123456789012345678', file_signature: md5 });
		expect(rec.multipart?.parts.map((p) => p.name)).toEqual(['advertiser_id', 'file_signature', 'file']);
		expect(rec.multipart?.files[0].data.equals(binary)).toBe(true);
	});

	it('answers 40002 for a JSON body, a broken multipart body and a missing field', async () => {
		const asJson = await call(emu, 'POST', '/test/upload/', { body: { advertiser_id: '1' } });
		expect(asJson.json).toMatchObject({ code: 40002, message: expect.stringContaining('multipart/form-data') });

		const broken = await call(emu, 'POST', '/test/upload/', {
			body: '--b\r\nContent-Disposition: form-data; name="advertiser_id"\r\n\r\n1',
			headers: { 'Content-Type': 'multipart/form-data; boundary=b' },
		});
		expect(broken.json).toMatchObject({ code: 40002, message: expect.stringContaining('Invalid multipart body') });

		const form = new FormData();
		form.append('advertiser_id', '1');
		const res = await fetch(apiUrl(emu, '/test/upload/'), {
			method: 'POST',
			headers: { 'Access-Token': emu.accessToken },
			body: form,
		});
		const json = (await res.json()) as { code: number; message: string; data: unknown };
		expect(json).toMatchObject({ code: 40002, message: 'file_signature: Missing data for required field.' });
	});
});

describe('parseMultipart', () => {
	const body = (s: string) => Buffer.from(s.replace(/\n/g, '\r\n'), 'utf8');

	it('handles quoted boundaries, preamble, RFC 5987 filenames, empty values and repeated names', () => {
		const boundary = multipartBoundary('multipart/form-data; boundary="a b:c"');
		expect(boundary).toBe('a b:c');
		const parsed = parseMultipart(
			body(
				[
					'preamble to ignore',
					'--a b:c',
					'Content-Disposition: form-data; name="note"',
					'',
					'',
					'--a b:c',
					'Content-Disposition: form-data; name="note"',
					'',
					'Xin chào',
					'--a b:c  ',
					`Content-Disposition: form-data; name="f"; filename="x.csv"; filename*=UTF-8''d%E1%BB%AF%20li%E1%BB%87u.csv`,
					'Content-Type: text/plain',
					'',
					'line1',
					'line2',
					'--a b:c--',
					'epilogue',
				].join('\n'),
			),
			boundary!,
		);
		expect(parsed.fields).toEqual({ note: 'Xin chào' });
		expect(parsed.parts.map((p) => p.value)).toEqual(['', 'Xin chào', 'line1\r\nline2']);
		expect(parsed.files[0]).toMatchObject({ name: 'f', filename: 'dữ liệu.csv', contentType: 'text/plain' });
	});

	it('reports malformed bodies as MultipartError', () => {
		expect(() => multipartBoundary('multipart/form-data')).toThrow(MultipartError);
		expect(multipartBoundary('application/json')).toBeUndefined();
		expect(() => parseMultipart(body('no delimiter'), 'b')).toThrow(MultipartError);
		expect(() => parseMultipart(body('--b\nContent-Disposition: form-data; name="a"\n\nx\n'), 'b')).toThrow(
			/not terminated/,
		);
		expect(() => parseMultipart(body('--b\nContent-Type: text/plain\n\nx\n--b--'), 'b')).toThrow(/Content-Disposition/);
		expect(() => parseMultipart(body('--b\nContent-Disposition: form-data\n\nx\n--b--'), 'b')).toThrow(/without a name/);
	});
});
