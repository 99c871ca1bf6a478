import { foldText, idToString } from '../../../nodes/shared/values';

describe('ID text and accent folding (moved out of the Ads Account advertiser module)', () => {
	it('idToString keeps a 19-digit ID exact and turns absence into an empty string', () => {
		expect(idToString(7301234567890123456n)).toBe('7301234567890123456');
		expect(idToString('7301234567890123456')).toBe('7301234567890123456');
		expect(idToString(42)).toBe('42');
		expect([idToString(null), idToString(undefined)]).toEqual(['', '']);
	});


	it('foldText drops case and Vietnamese accents, đ included', () => {
		expect(foldText('  Phở Hà Nội ')).toBe('pho ha noi');
		expect(foldText('ĐỒNG Đạt')).toBe('dong dat');
	});
});
