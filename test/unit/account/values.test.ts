import { foldText, idToString, parseIdList } from '../../../nodes/TikTokAds/values';

describe('shared value helpers', () => {
	it('idToString keeps a 19-digit ID exact and turns absence into an empty string', () => {
		expect(idToString(7301234567890123456n)).toBe('7301234567890123456');
		expect(idToString('7301234567890123456')).toBe('7301234567890123456');
		expect(idToString(42)).toBe('42');
		expect([idToString(null), idToString(undefined)]).toEqual(['', '']);
	});

	it('parseIdList splits on commas, semicolons and white space, drops repeats and reports what is not an ID', () => {
		expect(parseIdList(' 123, 456;\n789 123 abc 12x ')).toEqual({ ids: ['123', '456', '789'], invalid: ['abc', '12x'] });
		expect(parseIdList('')).toEqual({ ids: [], invalid: [] });
	});

	it('foldText drops case and Vietnamese accents, đ included', () => {
		expect(foldText('  Phở Hà Nội ')).toBe('pho ha noi');
		expect(foldText('ĐỒNG Đạt')).toBe('dong dat');
	});
});
