import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Per-attempt wait for an API call when the credential does not say otherwise; TikTok answers in well under a second. */
export const DEFAULT_TIMEOUT_S = 30;

/** File uploads (multipart, up to 50 MB) and file downloads get at least this long per attempt. */
export const MIN_UPLOAD_TIMEOUT_S = 120;

/** Token check and auth-code exchange: the editor waits on them, and they are tiny. */
export const MAX_CREDENTIAL_TIMEOUT_S = 15;

/** The credential's "Request Timeout" (seconds), or the default when empty or not a positive number. */
function configuredSeconds(credentials: ICredentialDataDecryptedObject | undefined): number {
	const value = Number(credentials?.requestTimeout);
	return Number.isFinite(value) && value > 0 ? value : DEFAULT_TIMEOUT_S;
}

export function requestTimeoutMs(credentials: ICredentialDataDecryptedObject | undefined, file: boolean): number {
	const seconds = configuredSeconds(credentials);
	return Math.round((file ? Math.max(seconds, MIN_UPLOAD_TIMEOUT_S) : seconds) * 1000);
}

export function credentialTimeoutMs(credentials: ICredentialDataDecryptedObject | undefined): number {
	return Math.round(Math.min(configuredSeconds(credentials), MAX_CREDENTIAL_TIMEOUT_S) * 1000);
}
