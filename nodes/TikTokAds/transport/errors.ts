/** How to fix the TikTok codes users hit most; shown as the error description under TikTok's own message. */
const FIXES: Record<number, string> = {
	40001:
		'The access token has no permission for this call or this advertiser (or the advertiser was deleted). Re-authorize the advertiser in TikTok with the scope this operation needs, then create a new credential.',
	40002:
		'TikTok rejected a parameter. Check the IDs and values sent by this node (for example the advertiser ID and any IDs mapped from earlier nodes).',
	40100:
		'TikTok is rate limiting this app (too many requests per second). The node already retried with backoff; run fewer workflows at once on this token or try again in a few minutes.',
	40101:
		'The App ID and App Secret in the credential do not belong to the same TikTok app. Copy both from your app in the TikTok API for Business portal and save the credential again.',
	40102:
		'TikTok did not accept the authorization code or token (expired, already used, or from another app). Authorize again and paste a fresh code or token.',
	40104: 'The credential has no access token. Open the credential and paste a long-term token or an authorization code.',
	40105:
		'The access token is invalid or was revoked (the advertiser may have cancelled the authorization). Reconnect: authorize again in TikTok and update the credential.',
	40700: 'TikTok had an internal validation problem. The node retried; if it keeps happening try again later.',
	40900: 'The uploaded file did not match its MD5 signature. Run the node again.',
};

export function describeTikTokCode(code: number): string | undefined {
	if (FIXES[code]) return FIXES[code];
	if (code >= 500 && code < 600) {
		return 'TikTok\'s servers were unavailable and the node retried with backoff. Try again in a few minutes; if it persists, check TikTok\'s API status.';
	}
	return undefined;
}

/** Query strings of app-level calls carry the app secret; never let one reach an error text. */
export function redactSecrets(text: string): string {
	return text.replace(/((?:secret|access_token|app_secret|auth_code)=)[^&\s"']+/gi, '$1***');
}

/** Codes TikTok answers with HTTP 200 that mean "try again later" rather than "your request is wrong". */
const RETRYABLE_CODES = new Set([40100, 40016, 40200, 40201, 40202, 40700, 50000, 50002, 51305, 60001]);

export function isRetryableCode(code: number): boolean {
	return RETRYABLE_CODES.has(code);
}

export function isRetryableStatus(status: number): boolean {
	return status === 429 || status >= 500;
}

const RETRYABLE_NETWORK = new Set([
	'ECONNRESET',
	'ECONNABORTED',
	'ETIMEDOUT',
	'ESOCKETTIMEDOUT',
	'EPIPE',
	'ECONNREFUSED',
	'EAI_AGAIN',
	'ERR_SOCKET_CONNECTION_TIMEOUT',
]);

export function networkErrorCode(error: unknown): string | undefined {
	let current = error as { code?: unknown; cause?: unknown; message?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (typeof current.code === 'string' && RETRYABLE_NETWORK.has(current.code)) return current.code;
		if (typeof current.message === 'string') {
			if (/socket hang up/i.test(current.message)) return 'ECONNRESET';
			if (/timeout/i.test(current.message)) return 'ETIMEDOUT';
		}
		current = current.cause as typeof current;
	}
	return undefined;
}

/** Exponential backoff with ±25 % jitter; `random` is injectable so the schedule is testable. */
export function backoffDelayMs(attempt: number, random: () => number = Math.random): number {
	const base = Math.min(250 * 2 ** attempt, 10_000);
	return Math.round(base * (0.75 + random() * 0.5));
}
