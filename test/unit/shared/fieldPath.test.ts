import { compileFieldPath, parseFieldPath, readJsonPath, readPath } from '../../../nodes/shared/fieldPath';

describe('field paths (one reader for Audience identifier fields, Messaging activity fields and $json fast paths)', () => {
	it('parses dots and [n] indexes, ignoring blanks and empty segments', () => {
		expect(parseFieldPath(' contact.emails[1].value ')).toEqual(['contact', 'emails', '1', 'value']);
		expect(parseFieldPath('a..b.')).toEqual(['a', 'b']);
		expect(parseFieldPath('email')).toEqual(['email']);
		expect(parseFieldPath('   ')).toEqual([]);
	});

	it('reads nested values and gives undefined for missing ones', () => {
		const json = { a: { b: [{ c: 5 }] }, n: null, s: 'x' };
		expect(readJsonPath(json, ['a', 'b', '0', 'c'])).toBe(5);
		expect(readPath(json, 'a.b[0].c')).toBe(5);
		expect(readPath(json, 'a.b.0.c')).toBe(5);
		expect(readPath(json, 'a.x.y')).toBeUndefined();
		expect(readPath(json, 'n.x')).toBeUndefined();
		expect(readPath(json, 's.length')).toBeUndefined();
		expect(readPath(json, '')).toBeUndefined();
	});

	it('an exact key with a dot wins over dot notation', () => {
		expect(readPath({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
		expect(readPath({ a: { b: 2 } }, 'a.b')).toBe(2);
		expect(compileFieldPath(' e.mail ')({ 'e.mail': 'x@y.vn', e: { mail: 'other' } })).toBe('x@y.vn');
	});

	it('reads only the data\'s own properties, never Object.prototype', () => {
		for (const path of ['constructor', 'toString', 'a.hasOwnProperty', '__proto__', 'a.__proto__.constructor']) {
			expect([path, readPath({ a: {} }, path)]).toEqual([path, undefined]);
		}
		expect(readJsonPath({ list: [1, 2, 3] }, ['list', 'length'])).toBe(3);
	});
});
