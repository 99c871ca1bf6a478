import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** Credential fields whose values must never appear in any text the package produces. */
const SECRET_FIELDS = ['accessToken', 'longTermToken', 'appSecret', 'authCode'] as const;

/** Shorter values could match ordinary words or numbers in TikTok's messages; real tokens and secrets are far longer. */
const MIN_SECRET_LENGTH = 6;

/**
 * Every form in which a server could echo a secret back: as sent, URL-encoded (query echo) and JSON-escaped
 * (a body or header echoed as JSON). Longest first, so a secret that contains another is replaced whole.
 */
export function secretValues(credentials: ICredentialDataDecryptedObject | undefined): string[] {
	const out = new Set<string>();
	for (const field of SECRET_FIELDS) {
		const value = String(credentials?.[field] ?? '').trim();
		if (value.length < MIN_SECRET_LENGTH) continue;
		out.add(value);
		out.add(encodeURIComponent(value));
		out.add(JSON.stringify(value).slice(1, -1));
	}
	return [...out].sort((a, b) => b.length - a.length);
}

/** Replaces each secret by value, then masks key=value pairs a query string could carry (values we may not know). */
export function redactText(text: string, secrets: readonly string[]): string {
	let out = text;
	for (const secret of secrets) out = out.split(secret).join('***');
	return out.replace(/((?:secret|access_token|app_secret|auth_code)=)[^&\s"']+/gi, '$1***');
}
