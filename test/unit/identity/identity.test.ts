import { createHash } from 'node:crypto';
import {
	isSha256Hex,
	maskIdentifier,
	normalizeMaid,
	normalizePhone,
	prepareEmail,
	prepareExternalId,
	prepareMaid,
	preparePhone,
	sha256Hex,
} from '../../../nodes/shared/identity';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('hashing helpers', () => {
	it('sha256Hex matches the reference examples', () => {
		expect(sha256Hex('alice_abc@gmail.com')).toBe('848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f');
		expect(sha256Hex('+12133734253')).toBe('9f7ec22d72092cd3c0b58726ed9c2d91b92e51a3f29837508fb2948bb22dd2fd');
		expect(sha256Hex('user_123')).toBe('80fba0ae1c48e3978e43e4efc365e14e12ea0c830ba8ba5b9a2dafc7e3f2ab8b');
	});

	it('isSha256Hex accepts exactly 64 hex characters in either case', () => {
		expect(isSha256Hex('a'.repeat(64))).toBe(true);
		expect(isSha256Hex('ABCDEF0123456789'.repeat(4))).toBe(true);
		expect(isSha256Hex('a'.repeat(63))).toBe(false);
		expect(isSha256Hex('g'.repeat(64))).toBe(false);
		expect(isSha256Hex(`${'a'.repeat(63)} `)).toBe(false);
	});
});

describe('email', () => {
	it.each([
		[' ALICE_abc@gmail.com ', 'alice_abc@gmail.com'],
		['John.Doe+tag@Example.co.uk', 'john.doe+tag@example.co.uk'],
		["o'brien@xn--bcher-kva.example", "o'brien@xn--bcher-kva.example"],
		['Ünïcode@exämple.com', 'ünïcode@exämple.com'],
		['a@b.io', 'a@b.io'],
	])('normalises %j to %j', (input, expected) => {
		expect(prepareEmail(input)).toEqual({ status: 'hashed', hash: sha(expected), passthrough: false });
	});

	it.each([
		'plainaddress', '@example.com', 'user@', 'user@localhost', 'user@@example.com', 'a b@example.com',
		'.user@example.com', 'user.@example.com', 'us..er@example.com', 'user@-example.com', 'user@example-.com',
		'user@example..com', 'user@example.c', 'user@example.123', 'user@[127.0.0.1]', 'mailto:user@example.com',
		'user@example.com.', `${'a'.repeat(65)}@example.com`, 'N/A', '"quoted"@example.com',
	])('rejects %j as invalid_email', (input) => {
		expect(prepareEmail(input)).toEqual({ status: 'invalid', reason: 'invalid_email' });
	});

	it('rejects overlong addresses and non-strings with their own reasons', () => {
		expect(prepareEmail(`${'a'.repeat(60)}@${'b'.repeat(200)}.com`)).toEqual({ status: 'invalid', reason: 'email_too_long' });
		expect(prepareEmail(42)).toEqual({ status: 'invalid', reason: 'unsupported_type' });
		expect(prepareEmail({ email: 'x@y.com' })).toEqual({ status: 'invalid', reason: 'unsupported_type' });
	});

	it('skips empty values without hashing them', () => {
		for (const v of [undefined, null, '', '   ', '\t\n']) expect(prepareEmail(v)).toEqual({ status: 'empty' });
	});

	it('passes an existing SHA-256 through unhashed (lowercased)', () => {
		const h = sha('x@y.com');
		expect(prepareEmail(h.toUpperCase())).toEqual({ status: 'hashed', hash: h, passthrough: true });
		expect(prepareEmail(` ${h} `)).toEqual({ status: 'hashed', hash: h, passthrough: true });
	});
});

describe('phone', () => {
	it.each<[unknown, string | undefined, string]>([
		['0912 345 678', 'VN', '+84912345678'],
		['(+1)2133734253', undefined, '+12133734253'],
		['+84 912-345-678', undefined, '+84912345678'],
		['0084912345678', undefined, '+84912345678'],
		['+84 (0) 912 345 678', undefined, '+84912345678'],
		['84912345678', 'VN', '+84912345678'],
		[84912345678, 'VN', '+84912345678'],
		['912345678', 'vn', '+84912345678'],
		['1 (213) 373-4253', 'US', '+12133734253'],
		['011 44 20 7946 0958', 'US', '+442079460958'],
		['07400 123456', 'GB', '+447400123456'],
		['081234 56789', 'IN', '+918123456789'],
		['0812-345-678', 'ID', '+62812345678'],
		['081 234 5678', 'TH', '+66812345678'],
		['(11) 96123-4567', 'BR', '+5511961234567'],
		['8 (912) 345-67-89', 'RU', '+79123456789'],
		['06 12 34 56 78', 'FR', '+33612345678'],
		['312 345 6789', 'IT', '+393123456789'],
		['+39 06 1234 5678', undefined, '+390612345678'],
		['٠٥٠ ١٢٣ ٤٥٦٧', 'AE', '+971501234567'],
		['０９１２３４５６７８', 'VN', '+84912345678'],
		['213-373-4253 ext. 12', 'US', '+12133734253'],
		['+1 213 373 4253 x12', undefined, '+12133734253'],
		['\u00a0+84\u00a0912\u2011345\u2011678 ', undefined, '+84912345678'],
	])('normalises %j (default %s) to %s', (input, country, expected) => {
		expect(normalizePhone(input, country)).toEqual({ ok: true, value: expected });
		expect(preparePhone(input, country)).toEqual({ status: 'hashed', hash: sha(expected), passthrough: false });
	});

	it('rewrites pre-2018 Vietnamese 11-digit mobile numbers to their current form', () => {
		expect(normalizePhone('0162 345 6789', 'VN')).toEqual({ ok: true, value: '+84323456789' });
		expect(normalizePhone('+84 1223456789')).toEqual({ ok: true, value: '+84773456789' });
		expect(normalizePhone('0199 123 4567', 'VN')).toEqual({ ok: true, value: '+84591234567' });
	});

	it("drops Mexico's retired mobile '1' and 044/045 prefixes, and builds Argentina's mobile 9", () => {
		expect(normalizePhone('+52 1 55 1234 5678')).toEqual({ ok: true, value: '+525512345678' });
		expect(normalizePhone('044 55 1234 5678', 'MX')).toEqual({ ok: true, value: '+525512345678' });
		expect(normalizePhone('011 15-2345-6789', 'AR')).toEqual({ ok: true, value: '+5491123456789' });
		expect(normalizePhone('+54 9 11 2345-6789')).toEqual({ ok: true, value: '+5491123456789' });
	});

	it.each<[unknown, string | undefined, string]>([
		['0912345678', undefined, 'phone_missing_country'],
		['0912345678', 'XX', 'phone_unknown_country'],
		['+0912345678', undefined, 'phone_unknown_country_code'],
		['091234', 'VN', 'phone_too_short'],
		['09123456789012', 'VN', 'phone_too_long'],
		['0412345678', 'VN', 'phone_invalid_for_country'],
		['+1 123 456 7890', undefined, 'phone_invalid_for_country'],
		['call me', 'VN', 'phone_invalid_characters'],
		['0912 345 678 or 0987 654 321', 'VN', 'phone_invalid_characters'],
		['84+912345678', 'VN', 'phone_invalid_characters'],
		['+', 'VN', 'phone_too_short'],
		['1'.repeat(40), 'VN', 'phone_too_long'],
		['+999 1234 5678', undefined, 'phone_unknown_country_code'],
		['+8812345678901234567', undefined, 'phone_too_long'],
		[1.5, 'VN', 'unsupported_type'],
		[-84912345678, 'VN', 'unsupported_type'],
		[true, 'VN', 'unsupported_type'],
	])('rejects %j (default %s) with %s', (input, country, reason) => {
		expect(preparePhone(input, country)).toEqual({ status: 'invalid', reason });
	});

	it('skips empty values and formatting-only strings', () => {
		for (const v of [undefined, null, '', '  ', ' - ( ) ']) expect(preparePhone(v, 'VN')).toEqual({ status: 'empty' });
	});

	it('passes an existing SHA-256 through unhashed', () => {
		const h = sha('+84912345678');
		expect(preparePhone(h, 'VN')).toEqual({ status: 'hashed', hash: h, passthrough: true });
	});

	it('handles international numbers of countries without a plan by E.164 length', () => {
		expect(normalizePhone('+47 412 34 567')).toEqual({ ok: true, value: '+4741234567' });
		expect(normalizePhone('+680 123')).toEqual({ ok: false, reason: 'phone_too_short' });
		expect(normalizePhone('+47 1234 5678 9012 34')).toEqual({ ok: false, reason: 'phone_too_long' });
		expect(normalizePhone('0412 34 567', 'NO')).toEqual({ ok: true, value: '+4741234567' });
		expect(normalizePhone('01 95 12 34 56', 'BJ')).toEqual({ ok: true, value: '+2290195123456' });
	});
});

describe('mobile advertising IDs', () => {
	it('lowercases, hashes and hints the kind', () => {
		const idfa = '6D92078A-8246-4BA4-AE5B-76104861E7DC';
		expect(prepareMaid(` ${idfa} `)).toEqual({ status: 'hashed', hash: sha(idfa.toLowerCase()), passthrough: false, kind: 'idfa' });
		const gaid = '38400000-8cf0-11bd-b23e-10b96e40000d';
		expect(prepareMaid(gaid)).toEqual({ status: 'hashed', hash: sha(gaid), passthrough: false, kind: 'gaid' });
		expect(prepareMaid('12345678-1234-1234-1234-123456789012')).toEqual({
			status: 'hashed', hash: sha('12345678-1234-1234-1234-123456789012'), passthrough: false,
		});
	});

	it('rejects malformed and zeroed (limit-ad-tracking) IDs', () => {
		expect(prepareMaid('00000000-0000-0000-0000-000000000000')).toEqual({ status: 'invalid', reason: 'maid_zeroed' });
		expect(prepareMaid('6D92078A82464BA4AE5B76104861E7DC')).toEqual({ status: 'invalid', reason: 'invalid_maid' });
		expect(prepareMaid('6D92078A-8246-4BA4-AE5B-76104861E7DZ')).toEqual({ status: 'invalid', reason: 'invalid_maid' });
		expect(normalizeMaid(12)).toEqual({ ok: false, reason: 'unsupported_type' });
		expect(prepareMaid('')).toEqual({ status: 'empty' });
	});

	it('passes an existing SHA-256 through', () => {
		const h = sha('x');
		expect(prepareMaid(h)).toEqual({ status: 'hashed', hash: h, passthrough: true });
	});
});

describe('external IDs', () => {
	it('trims but keeps case (IDs can be case-sensitive)', () => {
		expect(prepareExternalId(' user_123 ')).toEqual({
			status: 'hashed', hash: '80fba0ae1c48e3978e43e4efc365e14e12ea0c830ba8ba5b9a2dafc7e3f2ab8b', passthrough: false,
		});
		expect(prepareExternalId('AbC')).not.toEqual(prepareExternalId('abc'));
		expect(prepareExternalId(42)).toEqual({ status: 'hashed', hash: sha('42'), passthrough: false });
	});

	it('skips empties, passes hashes through, rejects objects and overlong values', () => {
		expect(prepareExternalId('  ')).toEqual({ status: 'empty' });
		expect(prepareExternalId(null)).toEqual({ status: 'empty' });
		expect(prepareExternalId(sha('a').toUpperCase())).toEqual({ status: 'hashed', hash: sha('a'), passthrough: true });
		expect(prepareExternalId({})).toEqual({ status: 'invalid', reason: 'unsupported_type' });
		expect(prepareExternalId('x'.repeat(513))).toEqual({ status: 'invalid', reason: 'external_id_too_long' });
	});
});

describe('maskIdentifier', () => {
	it('shows shape, never the content', () => {
		expect(maskIdentifier('john.doe@example.com')).toBe('j***.***@e******.com');
		expect(maskIdentifier('0912 345 678')).toBe('0*** *** *78');
		expect(maskIdentifier('abc')).toBe('***');
		expect(maskIdentifier(84912345678)).toBe('8********78');
		expect(maskIdentifier(null)).toBe('(empty)');
		expect(maskIdentifier({ a: 1 })).toBe('(object)');
		expect(maskIdentifier(['x'])).toBe('(array)');
	});

	it('truncates long values and never leaks more than 3 real characters of a long value', () => {
		const long = 'secretsecretsecretsecretsecretsecretsecretsecret';
		const m = maskIdentifier(long);
		expect(m.endsWith('…')).toBe(true);
		expect(m.replace(/[*…]/g, '').length).toBeLessThanOrEqual(3);
	});
});
