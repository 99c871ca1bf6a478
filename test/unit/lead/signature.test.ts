import { createHmac } from 'node:crypto';

import {
	computeLeadSignature,
	escapeNonAscii,
	verifyLeadSignature,
} from '../../../nodes/TikTokLeadTrigger/signature';

const SECRET = 'test-app-secret';

// Vectors computed independently (Python hmac over the hand-escaped text), so the test does not trust the code
// under test to produce its own oracle.
const VECTORS = {
	ascii: {
		body: '{"object":1,"entry":[{"id":7126711421177430274,"changes":[{"field":"name","value":"John Smith"}]}]}',
		signature: 'fc3b2b8167668ca429e545c60c56f31083a996ffa5d59976483b0df2ff311f7c',
	},
	vietnamese: {
		body: '{"object":1,"entry":[{"id":7126711421177430274,"changes":[{"field":"name","value":"Nguy\u1ec5n V\u0103n \u0110\u1ee9c"}]}]}',
		escaped:
			'{"object":1,"entry":[{"id":7126711421177430274,"changes":[{"field":"name","value":"Nguy\\u1ec5n V\\u0103n \\u0110\\u1ee9c"}]}]}',
		signature: 'b9785968668e1c5970c1f56ed15003787f61119a879c79875b595b17aeaf627f',
		rawBytesSignature: 'fc6a608e771743436cf8d2ff908c8da98fb1762bd72192ddbd23d3fd64e4be7e',
	},
	emoji: {
		body: '{"object":1,"entry":[{"id":7126711421177430274,"changes":[{"field":"note","value":"Xin ch\u00e0o \u{1F44B}\u{1F3FD} \u{1F1FB}\u{1F1F3}"}]}]}',
		escaped:
			'{"object":1,"entry":[{"id":7126711421177430274,"changes":[{"field":"note","value":"Xin ch\\u00e0o \\ud83d\\udc4b\\ud83c\\udffd \\ud83c\\uddfb\\ud83c\\uddf3"}]}]}',
		signature: 'c92999a228e5e19bd4bd0349be1f6d3802d0c95c97bc145947cebd2e2f5135a2',
		rawBytesSignature: 'e9f3c21df1ab68f60c99a62fe8bd6d6f335abcc3b93e090366d697ac1539514f',
	},
};

describe('escapeNonAscii', () => {
	it('leaves ASCII byte-identical, including existing escapes and control escapes', () => {
		const text = '{"a":"x\\u00e9\\n\\"q\\"","b":[1,2.5,-3e2]}';
		expect(escapeNonAscii(text)).toBe(text);
	});

	it('writes BMP characters as one lowercase \\uXXXX escape', () => {
		expect(escapeNonAscii('\u0110\u1ec5')).toBe('\\u0110\\u1ec5');
		expect(escapeNonAscii('\u00ff')).toBe('\\u00ff');
		expect(escapeNonAscii('\u0080')).toBe('\\u0080');
		expect(escapeNonAscii('\uffff')).toBe('\\uffff');
	});

	it('writes astral characters as a surrogate pair of escapes', () => {
		expect(escapeNonAscii('\u{1F600}')).toBe('\\ud83d\\ude00');
		expect(escapeNonAscii('a\u{10FFFF}b')).toBe('a\\udbff\\udfffb');
	});

	it('matches the hand-escaped vectors', () => {
		expect(escapeNonAscii(VECTORS.vietnamese.body)).toBe(VECTORS.vietnamese.escaped);
		expect(escapeNonAscii(VECTORS.emoji.body)).toBe(VECTORS.emoji.escaped);
	});

	it('keeps decomposed (NFD) text as separate code points rather than normalising it', () => {
		const nfd = 'e\u0301';
		expect(escapeNonAscii(nfd)).toBe('e\\u0301');
		expect(escapeNonAscii(nfd.normalize('NFC'))).toBe('\\u00e9');
	});
});

describe('computeLeadSignature', () => {
	it.each(Object.entries(VECTORS))('matches the independent vector: %s', (_name, vector) => {
		expect(computeLeadSignature(Buffer.from(vector.body, 'utf8'), SECRET)).toBe(vector.signature);
		expect(computeLeadSignature(vector.body, SECRET)).toBe(vector.signature);
	});

	it('is the plain HMAC of the raw bytes for ASCII bodies', () => {
		const body = Buffer.from(VECTORS.ascii.body);
		expect(computeLeadSignature(body, SECRET)).toBe(createHmac('sha256', SECRET).update(body).digest('hex'));
	});
});

describe('verifyLeadSignature', () => {
	const cases = Object.entries(VECTORS);

	it.each(cases)('accepts the right signature: %s', (_name, vector) => {
		expect(verifyLeadSignature(Buffer.from(vector.body), vector.signature, SECRET)).toBe(true);
	});

	it('accepts upper-case hex and surrounding whitespace', () => {
		const { body, signature } = VECTORS.vietnamese;
		expect(verifyLeadSignature(Buffer.from(body), ` ${signature.toUpperCase()}\n`, SECRET)).toBe(true);
	});

	it('also accepts a signature over the raw UTF-8 bytes of a non-ASCII body (which form TikTok signs is unsettled)', () => {
		for (const vector of [VECTORS.vietnamese, VECTORS.emoji]) {
			expect(verifyLeadSignature(Buffer.from(vector.body), vector.rawBytesSignature, SECRET)).toBe(true);
			// Each form is checked against its own bytes: the raw-bytes digest of another body still fails.
			expect(verifyLeadSignature(Buffer.from(`${vector.body} `), vector.rawBytesSignature, SECRET)).toBe(false);
		}
	});

	it('rejects a signature made with another secret', () => {
		const { body } = VECTORS.emoji;
		const other = computeLeadSignature(body, 'another-secret');
		expect(verifyLeadSignature(Buffer.from(body), other, SECRET)).toBe(false);
	});

	it('rejects a body changed by one byte', () => {
		const { body, signature } = VECTORS.ascii;
		expect(verifyLeadSignature(Buffer.from(body.replace('John', 'Joan')), signature, SECRET)).toBe(false);
	});

	it('accepts a body sent already escaped, but not one escaped with upper-case hex', () => {
		const { escaped, signature } = VECTORS.vietnamese;
		// The text TikTok hashed, sent as is: escaping ASCII is a no-op, so it verifies.
		expect(verifyLeadSignature(Buffer.from(escaped), signature, SECRET)).toBe(true);
		// Upper-case escapes are different text and must fail.
		expect(verifyLeadSignature(Buffer.from(escaped.replace('\\u1ec5', '\\u1EC5')), signature, SECRET)).toBe(false);
	});

	it.each([
		['missing', undefined],
		['empty', ''],
		['too short', 'abc123'],
		['one hex digit short', VECTORS.ascii.signature.slice(0, 63)],
		['one hex digit long', VECTORS.ascii.signature + '0'],
		['not hex', 'z'.repeat(64)],
		['sha256= prefix', `sha256=${VECTORS.ascii.signature}`],
		['base64 of the digest', Buffer.from(VECTORS.ascii.signature, 'hex').toString('base64')],
	])('rejects a %s header without throwing', (_name, header) => {
		expect(verifyLeadSignature(Buffer.from(VECTORS.ascii.body), header, SECRET)).toBe(false);
	});

	it('rejects everything when the app secret is empty', () => {
		const body = Buffer.from(VECTORS.ascii.body);
		expect(verifyLeadSignature(body, computeLeadSignature(body, ''), '')).toBe(false);
	});
});
