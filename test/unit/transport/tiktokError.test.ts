import { NodeApiError, type INode } from 'n8n-workflow';

import {
	failureCode,
	isCredentialProblem,
	isOutcomeUnknown,
	isRetryable,
	tikTokCode,
	TikTokApiError,
} from '../../../nodes/shared/transport';
import { credentialStepError } from '../../../nodes/shared/transport/credentialCalls';

const node: INode = {
	id: '1',
	name: 'TikTok Audience',
	type: 'n8n-nodes-tiktok-ads.tikTokAudience',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};

function apiError(code: number | string, httpStatus?: number): TikTokApiError {
	return new TikTokApiError(node, { code }, { code, message: 'm', requestId: 'r1', httpStatus }, { message: `code ${code}` });
}

/** [code, httpStatus, outcome unknown, retryable, credential problem] */
const CASES: Array<[number | string, number | undefined, boolean, boolean, boolean]> = [
	[40002, undefined, false, false, false],
	[40100, undefined, false, true, false],
	[50000, undefined, false, true, false],
	[40105, undefined, false, false, true],
	[40110, undefined, false, false, true],
	[503, 503, true, true, false],
	[429, 429, false, true, false],
	[404, 404, false, false, false],
	['TIMEOUT', undefined, true, true, false],
	['ECONNRESET', undefined, true, true, false],
	['INVALID_RESPONSE', undefined, true, false, false],
	['REQUEST_FAILED', undefined, true, false, false],
	['CREDENTIAL_FAILED', undefined, false, false, false],
	['INVALID_BASE_URL', undefined, false, false, false],
];

describe('TikTokApiError and the failure predicates', () => {
	test.each(CASES)('code %p (HTTP %p): outcome unknown %p, retryable %p, credential %p', (code, status, unknown, retry, credential) => {
		const error = apiError(code, status);
		expect([isOutcomeUnknown(error), isRetryable(error), isCredentialProblem(error)]).toEqual([unknown, retry, credential]);
		expect([error.outcomeUnknown, error.retryable, error.credentialProblem]).toEqual([unknown, retry, credential]);
	});

	test('keeps TikTok fields typed and reports itself as a NodeApiError', () => {
		const error = apiError(40002);
		expect(error).toBeInstanceOf(NodeApiError);
		expect(error.name).toBe('NodeApiError');
		expect([error.tiktokCode, error.tiktokMessage, error.requestId]).toEqual([40002, 'm', 'r1']);
		expect([failureCode(error), tikTokCode(error)]).toEqual([40002, 40002]);
		expect(tikTokCode(apiError('TIMEOUT'))).toBeUndefined();
	});

	test('reads the code of a credential step error and nothing from other errors', () => {
		const step = credentialStepError('authorization code exchange', 'refused', 40110);
		expect([tikTokCode(step), isCredentialProblem(step)]).toEqual([40110, true]);
		const plain = new Error('boom');
		expect([failureCode(plain), isOutcomeUnknown(plain), isRetryable(plain), isCredentialProblem(plain)]).toEqual([
			undefined,
			false,
			false,
			false,
		]);
		expect(failureCode(undefined)).toBeUndefined();
	});
});
