import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

export const API_PREFIX = '/open_api/v1.3';

const HOSTS: Record<string, string> = {
	production: 'https://business-api.tiktok.com',
	sandbox: 'https://sandbox-ads.tiktok.com',
};

/** Host only (no API prefix, no trailing slash); a custom URL may be given with or without the prefix. */
export function resolveApiHost(credentials: ICredentialDataDecryptedObject): string {
	const environment = (credentials.environment as string) || 'production';
	if (environment === 'custom') {
		const custom = String(credentials.baseUrl ?? '').trim();
		if (!custom) throw new Error('The credential uses a custom base URL but none is set');
		// (?<!\/): only the first slash of a run may start a match; a bare /\/+$/ is quadratic on "////…x".
		return custom.replace(/(?<!\/)\/+$/, '').replace(/\/open_api\/v1\.3$/, '');
	}
	return HOSTS[environment] ?? HOSTS.production;
}

export function apiUrl(host: string, path: string): string {
	const withSlashes = `${path.startsWith('/') ? '' : '/'}${path}${path.endsWith('/') ? '' : '/'}`;
	return `${host}${API_PREFIX}${withSlashes}`;
}
