/** TikTok's authorization codes work once and for one hour; the only fix is a new one. */
export const AUTH_CODE_ADVICE =
	'TikTok says the authorization code is invalid, already used or expired (code 40110): a code works once, within one hour. Open TikTok\'s authorization link again (https://business-api.tiktok.com/portal/auth?app_id=YOUR_APP_ID&state=n8n&redirect_uri=YOUR_REDIRECT_URL), approve, copy the new auth_code from the page TikTok redirects to and paste it into the credential right away — or paste a long-term access token instead.';

/** How to fix the TikTok codes users hit most; shown as the error description under TikTok's own message. */
const FIXES: Record<number, string> = {
	40001:
		'The access token has no permission for this call or this advertiser (or the advertiser was deleted). Re-authorize the advertiser in TikTok with the scope this operation needs, then create a new credential.',
	40002:
		'TikTok rejected a parameter. Check the IDs and values sent by this node (for example the advertiser ID and any IDs mapped from earlier nodes).',
	40101:
		'The App ID and App Secret in the credential do not belong to the same TikTok app. Copy both from your app in the TikTok API for Business portal and save the credential again.',
	40102:
		'TikTok says the access token has expired. Authorize the advertiser again in TikTok and paste the new authorization code (or a new long-term token) into the credential.',
	40104: 'The credential has no access token. Open the credential and paste a long-term token or an authorization code.',
	40110: AUTH_CODE_ADVICE,
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

/** One of the connection failures above (the code this package reports when the network dropped a call). */
export function isRetryableNetworkCode(code: string): boolean {
	return RETRYABLE_NETWORK.has(code);
}

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

/**
 * What to tell the user once the short in-execution backoff did not clear a 40100. TikTok has a per-minute quota
 * (wait about 5 minutes) and a daily one (resets 00:00 UTC); its message may or may not say which, so when it does
 * not both waits are named. Sleeping that long inside an execution would hold n8n's worker, so the node fails.
 */
export function rateLimitAdvice(tiktokMessage: string, now: Date): string {
	const text = tiktokMessage.toLowerCase();
	const daily = /\b(day|daily|qpd|24 ?h)/.test(text);
	const minute = /\b(minute|qpm|per min)/.test(text);
	const resetAt = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
	const hours = Math.floor((resetAt.getTime() - now.getTime()) / 3_600_000);
	const minutes = Math.ceil(((resetAt.getTime() - now.getTime()) % 3_600_000) / 60_000);
	const retryMinute = new Date(now.getTime() + 5 * 60_000).toISOString().slice(11, 16);
	const minuteWait = `TikTok's per-minute limit: wait about 5 minutes (retry after ${retryMinute} UTC)`;
	const dailyWait = `TikTok's daily limit: it resets at 00:00 UTC (in ${hours} h ${minutes} min, ${resetAt.toISOString()})`;
	const lead = 'TikTok kept answering 40100 (rate limit) after the node\'s short backoff, so the node stopped instead of sleeping inside the execution.';
	const tail = ' Run fewer workflows at once on this token, or spread large jobs out.';
	if (daily && !minute) return `${lead} This is ${dailyWait}; run the workflow again after that.${tail}`;
	if (minute && !daily) return `${lead} This is ${minuteWait}, then run the workflow again.${tail}`;
	return `${lead} TikTok's message does not say which quota was hit. If it was ${minuteWait}. If it was ${dailyWait}.${tail}`;
}
