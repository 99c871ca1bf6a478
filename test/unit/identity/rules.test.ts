/**
 * TikTok's published hashing examples and the rules that differ between customer files (audiences) and the
 * Events API. Every expected digest is a literal computed outside the package (python3 hashlib.sha256).
 */
import {
	maskIdentifier,
	normalizePhone,
	phoneHashInput,
	prepareEmail,
	prepareExternalId,
	prepareMaid,
	preparePhone,
} from '../../../nodes/shared/identity';

const hashed = (hash: string) => ({ status: 'hashed', hash, passthrough: false });

describe("TikTok's published hashing examples", () => {
	it('email " ALICE_abc@gmail.com " → sha256("alice_abc@gmail.com")', () => {
		const digest = '848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f';
		expect(prepareEmail(' ALICE_abc@gmail.com ')).toEqual(hashed(digest));
		expect(prepareEmail(' ALICE_abc@gmail.com ', 'audience')).toEqual(hashed(digest));
	});

	it('phone "(+1)2133734253" → sha256("+12133734253"), for events and audiences', () => {
		const digest = '9f7ec22d72092cd3c0b58726ed9c2d91b92e51a3f29837508fb2948bb22dd2fd';
		expect(preparePhone('(+1)2133734253')).toEqual(hashed(digest));
		expect(preparePhone('(+1)2133734253', undefined, 'audience')).toEqual(hashed(digest));
	});

	it('external id "user_123" → sha256("user_123")', () => {
		expect(prepareExternalId('user_123')).toEqual(hashed('80fba0ae1c48e3978e43e4efc365e14e12ea0c830ba8ba5b9a2dafc7e3f2ab8b'));
	});
});

describe('email: customer-file rule vs Events API rule', () => {
	it('drops a +tag in the local part for audiences only', () => {
		// sha256("name@example.com")
		expect(prepareEmail(' Name+News@Example.com ', 'audience')).toEqual(
			hashed('7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068'),
		);
		expect(prepareEmail('name+news@example.com', 'audience')).toEqual(
			hashed('7b17fb0bd173f625b58636fb796407c22b3d16fc78302d79f0fd30c2fc2fc068'),
		);
		expect(prepareEmail('name+news@example.com')).toEqual(
			hashed('2b90238c9437caf490a6afaf5382c17654658dfa9150056aec82c51dc58433a8'),
		);
	});

	it('drops everything from the first "+" to the "@" and rejects an address that is all tag', () => {
		// sha256("a.b@example.com")
		expect(prepareEmail('a.b+c+d@example.com', 'audience')).toEqual(
			hashed('a6f1bad172104d254e536c6b8dbab9bb2d1e2427e766189525c1099ea578d690'),
		);
		expect(prepareEmail('+tag@example.com', 'audience')).toEqual({ status: 'invalid', reason: 'invalid_email' });
	});
});

describe('phone: China numbers', () => {
	it('the Events API hashes a +86 number without its country code; audiences keep E.164', () => {
		expect(normalizePhone('+86 138 0000 0000')).toEqual({ ok: true, value: '+8613800000000' });
		expect(preparePhone('+86 138 0000 0000')).toEqual(
			hashed('359ea74a80a57accd42a7311ed96eca04f3e631d0ab34ea76808c543240d8a68'),
		);
		expect(preparePhone('138 0000 0000', 'CN', 'events')).toEqual(
			hashed('359ea74a80a57accd42a7311ed96eca04f3e631d0ab34ea76808c543240d8a68'),
		);
		expect(preparePhone('+86 138 0000 0000', undefined, 'audience')).toEqual(
			hashed('cc0058bc7784ae0358acf0c091025c7a69d400e148d8688badfa029c9f8c686e'),
		);
	});

	it('touches no other country (a +886 Taiwan or +852 Hong Kong number keeps its code)', () => {
		expect(phoneHashInput('+886912345678')).toBe('+886912345678');
		expect(phoneHashInput('+85291234567')).toBe('+85291234567');
		expect(phoneHashInput('+84912345678')).toBe('+84912345678');
		expect(phoneHashInput('+8613800000000', 'audience')).toBe('+8613800000000');
	});
});

describe('Unicode: NFC and invisible format characters', () => {
	it('hashes an address typed decomposed (NFD) like the composed one (NFC)', () => {
		const nfc = 'jos\u00e9@example.com';
		const nfd = 'jose\u0301@example.com';
		const digest = 'b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea';
		expect(prepareEmail(nfc)).toEqual(hashed(digest));
		expect(prepareEmail(nfd)).toEqual(hashed(digest));
		expect(prepareEmail(nfd, 'audience')).toEqual(hashed(digest));
		expect(prepareExternalId('Jose\u0301-42')).toEqual(prepareExternalId('Jos\u00e9-42'));
	});

	const invisible = ['\u200b', '\u00ad', '\u2060', '\u200e', '\u202e', '\u2066', '\u{e0001}'];
	it.each(invisible.map((c) => [c.codePointAt(0)!.toString(16)]))('rejects U+%s inside an email, phone or external id', (hex) => {
		const c = String.fromCodePoint(parseInt(hex, 16));
		const reason = { status: 'invalid', reason: 'invisible_characters' };
		expect(prepareEmail(`ali${c}ce@example.com`)).toEqual(reason);
		expect(prepareEmail(`alice@example.com${c}`, 'audience')).toEqual(reason);
		expect(preparePhone(`+84 912${c}345 678`)).toEqual(reason);
		expect(preparePhone(`0912 345 678${c}`, 'VN', 'audience')).toEqual(reason);
		expect(prepareExternalId(`user${c}_123`)).toEqual(reason);
		expect(prepareMaid(`6d92078a-8246-4ba4-ae5b-76104861e7dc${c}`)).toEqual(reason);
	});

	it('still strips a byte-order mark at the edges (it is whitespace to trim, as CSV exports start with one)', () => {
		expect(preparePhone('\ufeff+84 912 345 678')).toEqual(hashed('ed644edf0566470f0b5a8c13c792fa8e8a489574da3aceec119b9456e870d396'));
		expect(preparePhone('+84 912\ufeff345 678')).toEqual({ status: 'invalid', reason: 'invisible_characters' });
		expect(prepareEmail('\ufeffalice_abc@gmail.com')).toEqual(
			hashed('848a771458438fc2ec420560d769fb9b9b86851ee338ec56517baabd79d3bb4f'),
		);
	});
});

describe('length caps before any per-character work', () => {
	it('rejects pasted records with a reason', () => {
		expect(preparePhone(`+84 912 345 678${' '.repeat(150_000)}x`)).toEqual({ status: 'invalid', reason: 'phone_too_long' });
		expect(preparePhone(`${' '.repeat(150_000)}+84 912 345 678`)).toEqual(hashed('ed644edf0566470f0b5a8c13c792fa8e8a489574da3aceec119b9456e870d396'));
		expect(prepareEmail(`${'a'.repeat(150_000)}@example.com`)).toEqual({ status: 'invalid', reason: 'email_too_long' });
		expect(prepareExternalId('u'.repeat(150_000))).toEqual({ status: 'invalid', reason: 'external_id_too_long' });
	});

	it('a numeric external ID past 2^53 is refused (it arrived rounded); exact numbers hash in decimal form', () => {
		expect(prepareExternalId(Number('12345678901234567890'))).toEqual({ status: 'invalid', reason: 'external_id_imprecise_number' });
		expect(prepareExternalId(-(2 ** 60))).toEqual({ status: 'invalid', reason: 'external_id_imprecise_number' });
		expect(prepareExternalId(9007199254740991)).toEqual(prepareExternalId('9007199254740991'));
		expect(prepareExternalId(BigInt('12345678901234567890'))).toEqual(prepareExternalId('12345678901234567890'));
		expect(prepareExternalId(1234.5)).toEqual(prepareExternalId('1234.5'));
	});

	it('still reads an extension after the number, with any spacing up to the cap', () => {
		expect(normalizePhone('+84 912 345 678 ext. 12')).toEqual({ ok: true, value: '+84912345678' });
		expect(normalizePhone('+84 912 345 678 x 12 #  ')).toEqual({ ok: true, value: '+84912345678' });
		expect(normalizePhone('+84 912 345 678;ext=12')).toEqual({ ok: true, value: '+84912345678' });
		expect(normalizePhone(`+84 912 345 678 x1${' '.repeat(60)}y`)).toEqual({ ok: false, reason: 'phone_invalid_characters' });
	});
});

describe('masked samples', () => {
	it('mask letters outside the Basic Multilingual Plane too (each is two UTF-16 units)', () => {
		const bold = '\u{1d400}\u{1d401}\u{1d402}\u{1d403}\u{1d404}\u{1d405}\u{1d406}\u{1d407}\u{1d408}\u{1d409}';
		const masked = maskIdentifier(bold);
		expect(masked).toBe('\u{1d400}*******\u{1d408}\u{1d409}');
		expect(maskIdentifier('\u{1d400}\u{1d401}\u{1d402}')).toBe('***');
	});
});
