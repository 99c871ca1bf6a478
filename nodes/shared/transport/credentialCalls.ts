import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestHelper, IHttpRequestOptions } from 'n8n-workflow';

import { parseJsonLosslessIds } from '../json';
import { apiUrl, resolveApiHost } from './baseUrl';
import { AUTH_CODE_ADVICE } from './errors';
import { isTimeout, sendWithinOrigin, toBuffer } from './http';
import { redactText, secretValues } from './redact';
import { credentialTimeoutMs } from './timeouts';

export type CredentialStep = 'token check' | 'authorization code exchange' | 'base URL';

export type CredentialStepError = Error & { credentialStep: CredentialStep; tiktokCode?: number };

/**
 * A failure of the credential's own calls (token check, auth-code exchange). Nodes see it wrapped by n8n; the
 * transport finds `credentialStep` in the cause chain and names the step instead of the API path it was
 * authenticating for.
 */
export function credentialStepError(credentialStep: CredentialStep, message: string, tiktokCode?: number): CredentialStepError {
	return Object.assign(new Error(`TikTok Ads credential, ${credentialStep}: ${message}`), { credentialStep, tiktokCode });
}

interface Envelope {
	code?: unknown;
	message?: unknown;
	request_id?: unknown;
	data?: IDataObject;
}

/** The pasted long-term token works: TikTok's /user/info/ answers code 0 with it. */
export async function checkAccessToken(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	token: string,
): Promise<void> {
	const envelope = await credentialCall(helper, credentials, 'token check', {
		method: 'GET',
		url: apiUrl(resolveHost(credentials), '/user/info/'),
		headers: { 'Access-Token': token },
	});
	if (envelope.code !== 0) throw refusal('token check', envelope, credentials);
}

/** Exchanges a single-use authorization code for a long-term token. */
export async function exchangeAuthCode(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	authCode: string,
): Promise<string> {
	const envelope = await credentialCall(helper, credentials, 'authorization code exchange', {
		method: 'POST',
		url: apiUrl(resolveHost(credentials), '/oauth2/access_token/'),
		headers: { 'Content-Type': 'application/json' },
		body: Buffer.from(JSON.stringify({ app_id: credentials.appId, secret: credentials.appSecret, auth_code: authCode })),
	});
	const token = envelope.data?.access_token;
	if (envelope.code === 0 && typeof token === 'string' && token) return token;
	const error = refusal('authorization code exchange', envelope, credentials);
	if (envelope.code === 40110) error.message += `. ${AUTH_CODE_ADVICE}`;
	throw error;
}

/** resolveApiHost with its refusal as a credential-step error ("base URL"), as every credential step reports. */
export function resolveHost(credentials: ICredentialDataDecryptedObject): string {
	try {
		return resolveApiHost(credentials);
	} catch (error) {
		throw credentialStepError('base URL', (error as Error).message);
	}
}

/** One credential call: short timeout, no cross-origin redirect, TikTok's JSON or a clear word that it was not. */
async function credentialCall(
	helper: IHttpRequestHelper,
	credentials: ICredentialDataDecryptedObject,
	step: CredentialStep,
	options: IHttpRequestOptions,
): Promise<Envelope> {
	const secrets = secretValues(credentials);
	const timeout = credentialTimeoutMs(credentials);
	const fail = (text: string) => credentialStepError(step, redactText(text, secrets));
	let response;
	try {
		response = await sendWithinOrigin((o) => helper.helpers.httpRequest(o), {
			...options,
			encoding: 'arraybuffer',
			json: false,
			timeout,
		});
	} catch (error) {
		if (isTimeout(error)) throw fail(`TikTok did not answer within ${timeout / 1000} s. Check the base URL and the network, then test again`);
		throw fail(`the request could not be sent (${(error as Error).message})`);
	}
	const status = response.statusCode ?? 200;
	// Redacted before any cut, so no prefix of a secret survives it.
	const text = redactText(toBuffer(response.body).toString('utf8'), secrets);
	if (status >= 400) throw fail(`HTTP ${status}: ${text.slice(0, 200)}`);
	try {
		const envelope = parseJsonLosslessIds(text) as Envelope;
		if (envelope && typeof envelope === 'object' && envelope.code !== undefined) return envelope;
	} catch {
		// Reported below with what came back instead.
	}
	throw fail(
		`the answer (HTTP ${status}, ${text.length} characters, starting "${text.slice(0, 60).replace(/\s+/g, ' ')}") was not TikTok's JSON. The base URL probably points at a web page or a proxy's error page rather than TikTok's API`,
	);
}

function refusal(step: CredentialStep, envelope: Envelope, credentials: ICredentialDataDecryptedObject): CredentialStepError {
	const message = redactText(String(envelope.message ?? 'no message'), secretValues(credentials));
	const requestId = envelope.request_id ? ` [request id ${String(envelope.request_id)}]` : '';
	const code = Number(envelope.code);
	return credentialStepError(step, `TikTok refused it (code ${String(envelope.code)}): ${message}${requestId}`, Number.isNaN(code) ? undefined : code);
}
