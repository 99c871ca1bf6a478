import { chunk, parseIdList } from '../../../nodes/shared/lists';

describe('chunk', () => {
	it('splits 2,345 items into 1000/1000/345 in order', () => {
		const list = Array.from({ length: 2345 }, (_, i) => i);
		const batches = chunk(list, 1000);
		expect(batches.map((b) => b.length)).toEqual([1000, 1000, 345]);
		expect(batches.flat()).toEqual(list);
		expect(chunk([1, 2, 3], 100)).toEqual([[1, 2, 3]]);
		expect(chunk([], 5)).toEqual([]);
	});

	it('refuses a size that is not a positive whole number (a bug, not input: it would loop forever at 0)', () => {
		expect(() => chunk([1], 0)).toThrow('Chunk size must be a positive integer, got 0');
		expect(() => chunk([1], 2.5)).toThrow('Chunk size must be a positive integer, got 2.5');
	});
});

describe('parseIdList (Ads Account ID filter, report ID filters, Audience "Also for Advertiser IDs")', () => {
	it('splits on commas, semicolons and white space, keeps the first of repeats, reports what is not an ID', () => {
		expect(parseIdList('7301234567890123456, 42;42\n 7301234567890123456\t9')).toEqual({
			ids: ['7301234567890123456', '42', '9'],
			invalid: [],
		});
		expect(parseIdList('12, abc, 1e5, -3, 12345678901234567890123456')).toEqual({
			ids: ['12'],
			invalid: ['abc', '1e5', '-3', '12345678901234567890123456'],
		});
		expect(parseIdList('  ')).toEqual({ ids: [], invalid: [] });
	});
});
