import { MAX_GAP_MS, RequestPacer } from '../../../nodes/shared/transport/pacer';
import { backoffDelayMs, isRetryableCode, networkErrorCode } from '../../../nodes/shared/transport/errors';
import { encodeQuery } from '../../../nodes/shared/transport';
import { quoteLongIntegers } from '../../../nodes/shared/json';

describe('RequestPacer', () => {
	it('sends without waiting until TikTok rate limits', () => {
		const pacer = new RequestPacer();
		expect(pacer.reserve(1_000)).toBe(0);
		expect(pacer.reserve(1_000)).toBe(0);
	});

	it('spaces requests after a 40100 and widens the gap on repeated 40100', () => {
		const pacer = new RequestPacer();
		pacer.rateLimited(1_000);
		expect(pacer.currentIntervalMs).toBe(50);
		expect(pacer.reserve(1_000)).toBe(0);
		expect(pacer.reserve(1_000)).toBe(50);
		expect(pacer.reserve(1_010)).toBe(90);
		pacer.rateLimited(1_010);
		expect(pacer.currentIntervalMs).toBeGreaterThan(50);
	});

	it('narrows the gap on success and stops pacing once it is negligible', () => {
		const pacer = new RequestPacer();
		pacer.rateLimited(1_000);
		for (let i = 0; i < 200; i++) pacer.succeeded(1_000);
		expect(pacer.currentIntervalMs).toBe(0);
		expect(pacer.reserve(1_000)).toBe(0);
	});

	it('never widens the gap past one request per second, however long the 40100 burst', () => {
		const pacer = new RequestPacer();
		for (let i = 0; i < 200; i++) pacer.rateLimited(1_000);
		expect(pacer.currentIntervalMs).toBe(MAX_GAP_MS);
		expect(MAX_GAP_MS).toBe(1_000);
	});

	it('halves the gap every second without a 40100 and forgets a burst within seconds, with no success needed', () => {
		const pacer = new RequestPacer();
		// ~35 answers of 40100 in a row: the burst that used to slow every later request of the process.
		for (let i = 0; i < 35; i++) pacer.rateLimited(10_000);
		expect(pacer.intervalAt(10_000)).toBe(1_000);
		expect(pacer.intervalAt(10_999)).toBe(1_000);
		expect(pacer.intervalAt(11_000)).toBe(500);
		expect(pacer.intervalAt(12_500)).toBe(250);
		expect(pacer.intervalAt(19_000)).toBe(0);
		expect(pacer.reserve(19_000)).toBe(0);
		expect(pacer.reserve(19_000)).toBe(0);
	});

	it('a new 40100 restarts the calm period', () => {
		const pacer = new RequestPacer();
		pacer.rateLimited(0);
		pacer.rateLimited(900);
		const widened = pacer.intervalAt(900);
		expect(pacer.intervalAt(1_800)).toBe(widened);
		expect(pacer.intervalAt(1_900)).toBe(widened / 2);
	});

	it('a slot reserved during a burst does not outlive the recovery', () => {
		const pacer = new RequestPacer();
		for (let i = 0; i < 35; i++) pacer.rateLimited(0);
		for (let i = 0; i < 20; i++) pacer.reserve(0);
		// 20 slots one second apart were handed out; 30 s later the gap is gone and nothing waits for them.
		expect(pacer.reserve(30_000)).toBe(0);
	});
});

describe('transport helpers', () => {
	it('backs off exponentially with bounded jitter', () => {
		expect(backoffDelayMs(0, () => 0.5)).toBe(250);
		expect(backoffDelayMs(3, () => 0.5)).toBe(2_000);
		expect(backoffDelayMs(3, () => 0)).toBe(1_500);
		expect(backoffDelayMs(20, () => 1)).toBe(12_500);
	});

	it('retries only the codes that mean "later"', () => {
		expect(isRetryableCode(40100)).toBe(true);
		expect(isRetryableCode(40700)).toBe(true);
		expect(isRetryableCode(40002)).toBe(false);
		expect(isRetryableCode(40105)).toBe(false);
	});

	it('finds connection failures through nested causes', () => {
		expect(networkErrorCode({ cause: { cause: { code: 'ECONNRESET' } } })).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'socket hang up' })).toBe('ECONNRESET');
		expect(networkErrorCode({ message: 'Request failed with status code 400' })).toBeUndefined();
	});

	it('JSON-encodes lists and objects in queries and drops empty values', () => {
		expect(encodeQuery({ advertiser_ids: ['1', '2'], filtering: { status: 'ON' }, page: 2, empty: '', none: undefined })).toEqual({
			advertiser_ids: '["1","2"]',
			filtering: '{"status":"ON"}',
			page: 2,
		});
	});

	it('quotes only integer literals longer than 15 digits, outside strings', () => {
		const text = '{"a":7301234567890123456,"b":-7301234567890123456,"c":123,"d":"7301234567890123456","e":1.2345678901234567,"f":"x\\"9999999999999999"}';
		expect(quoteLongIntegers(text)).toBe(
			'{"a":"7301234567890123456","b":"-7301234567890123456","c":123,"d":"7301234567890123456","e":1.2345678901234567,"f":"x\\"9999999999999999"}',
		);
	});
});

describe('error texts', () => {
	it('redacts secrets and tokens that a query string could carry', async () => {
		const { describeTikTokCode } = await import('../../../nodes/shared/transport/errors');
		const { redactText } = await import('../../../nodes/shared/transport/redact');
		expect(redactText('GET /subscription/get/?app_id=1&secret=s3cr3t&x=1 failed', [])).toBe(
			'GET /subscription/get/?app_id=1&secret=***&x=1 failed',
		);
		expect(redactText('access_token=abc"', [])).toBe('access_token=***"');
		expect(describeTikTokCode(40101)).toMatch(/same TikTok app/);
		expect(describeTikTokCode(503)).toMatch(/retried/);
		expect(describeTikTokCode(40002)).toMatch(/parameter/);
	});
});
