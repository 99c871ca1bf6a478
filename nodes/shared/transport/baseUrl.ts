import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const API_PREFIX = '/open_api/v1.3';

const HOSTS: Record<string, string> = {
	production: 'https://business-api.tiktok.com',
	sandbox: 'https://sandbox-ads.tiktok.com',
};

/** For a base URL the package will not send a token to; the message says why and what to enter. */
export function baseUrlError(message: string): Error & { credentialStep: 'base URL' } {
	return Object.assign(new Error(message), { credentialStep: 'base URL' as const });
}

/**
 * The one place that turns the credential into the API host (no API prefix, no trailing slash); the credential
 * and the transport both call it. A custom URL may be given with or without the /open_api/v1.3 prefix.
 */
export function resolveApiHost(credentials: ICredentialDataDecryptedObject): string {
	const environment = (credentials.environment as string) || 'production';
	if (environment !== 'custom') return HOSTS[environment] ?? HOSTS.production;
	const custom = String(credentials.baseUrl ?? '').trim();
	if (!custom) {
		throw baseUrlError(
			'The credential uses a custom base URL but none is set: enter the proxy or emulator URL, e.g. http://127.0.0.1:8787, or choose Production',
		);
	}
	let url: URL;
	try {
		url = new URL(custom);
	} catch {
		throw baseUrlError(`The credential's custom base URL is not a URL: enter it as https://host[:port][/path]`);
	}
	checkBaseUrl(url);
	// (?<!\/): only the first slash of a run may start a match; a bare /\/+$/ is quadratic on "////…x".
	const path = url.pathname.replace(/(?<!\/)\/+$/, '').replace(/\/open_api\/v1\.3$/, '');
	return `${url.origin}${path}`;
}

function checkBaseUrl(url: URL): void {
	if (url.username || url.password) {
		// Embedded credentials would travel as a Basic auth header to every request, next to the TikTok token.
		throw baseUrlError(
			'The credential\'s custom base URL contains a user name or password (user:pass@host). Remove them: TikTok does not use them and n8n would send them with every request',
		);
	}
	if (url.search || url.hash) {
		throw baseUrlError('The credential\'s custom base URL must not contain a query (?…) or fragment (#…)');
	}
	if (url.protocol === 'https:') return;
	if (url.protocol !== 'http:') {
		throw baseUrlError(`The credential's custom base URL must start with https:// (got ${url.protocol}//)`);
	}
	if (!isLocalHost(url.hostname)) {
		throw baseUrlError(
			`The credential's custom base URL uses http:// for ${url.hostname}: the access token and app secret would cross the network unencrypted. Use https://, or http:// only for a local emulator or proxy (localhost, a private IP address or a single-label host name)`,
		);
	}
}

/**
 * Hosts plain http may reach: loopback, private and link-local addresses, and names that public DNS cannot
 * serve (localhost, single-label names such as a Docker service, .local / .internal / .home.arpa).
 */
export function isLocalHost(hostname: string): boolean {
	const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
	if (host === 'localhost' || host.endsWith('.localhost')) return true;
	if (/\.(local|internal|home\.arpa)$/.test(host)) return true;
	const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
	if (v4) {
		const [a, b] = [Number(v4[1]), Number(v4[2])];
		return a === 127 || a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 169 && b === 254);
	}
	if (host.includes(':')) return host === '::1' || /^f[cd][0-9a-f]{2}:/.test(host) || /^fe[89ab][0-9a-f]:/.test(host);
	return !host.includes('.');
}

/**
 * resolveApiHost as an n8n expression, for the credential's declarative test request (which cannot call code).
 * It only builds the URL: validation stays in resolveApiHost, which the credential's preAuthentication runs
 * before every credential test.
 */
export function hostExpression(): string {
	const custom = 'String($credentials.baseUrl).trim().replace(/(?<!\\/)\\/+$/, "").replace(/\\/open_api\\/v1\\.3$/, "")';
	return `={{$credentials.environment === "custom" ? ${custom} : ($credentials.environment === "sandbox" ? "${HOSTS.sandbox}" : "${HOSTS.production}")}}`;
}

export function apiUrl(host: string, path: string): string {
	const withSlashes = `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
	return `${host}${API_PREFIX}${withSlashes}`;
}
