import { textOf } from '../../../nodes/shared/values';

describe('textOf (one text reader: the lead item and the subscription matcher)', () => {
	it.each([
		['Shop Hoa Sen', 'Shop Hoa Sen'],
		['', ''],
		[7301234567890123456n, '7301234567890123456'],
		[42, '42'],
		[false, 'false'],
		[null, null],
		[undefined, null],
	])('%p → %p', (input, expected) => {
		expect(textOf(input)).toBe(expected);
	});
});
