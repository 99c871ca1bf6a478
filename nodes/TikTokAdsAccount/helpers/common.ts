import type { INodeProperties } from 'n8n-workflow';

import { returnAllAndLimit, withDescription } from '../../shared/operationHelpers';
import { isCredentialProblem, tikTokCode } from '../../shared/transport';

export {
	readId,
	readLimit,
	toItems,
	withDescription,
} from '../../shared/operationHelpers';
export type { Operation } from '../../shared/operation';
export { tikTokCode } from '../../shared/transport';

/** returnAll/limit under a resource/operation (the Limit keeps its own returnAll condition). */
export function returnAllAndLimitFor(resource: string, operation: string): INodeProperties[] {
	return returnAllAndLimit({ resource: [resource], operation: [operation] });
}

/** On calls authenticated with the app ID and secret in the request, these also mean TikTok refused the credential. */
const APP_KEY_CODES = new Set([40001, 40002]);

/**
 * Puts `hint` before TikTok's own fix-it text on calls authenticated with the app ID and secret, but only when
 * TikTok refused the credential: after a 5xx, a dropped connection or a rate limit the credential is fine and the
 * transport's description stays as it is.
 */
export function explainCredentialError(error: unknown, hint: string): unknown {
	if (!isCredentialProblem(error) && !APP_KEY_CODES.has(tikTokCode(error) ?? 0)) return error;
	const current = (error as { description?: unknown }).description;
	return withDescription(error, typeof current === 'string' && current ? `${hint} ${current}` : hint);
}

/** The usual explanation for 40001/40002 on calls that name an advertiser. */
export function explainAdvertiserError(error: unknown, advertiserId: string): unknown {
	const code = tikTokCode(error);
	if (code === 40001) {
		return withDescription(
			error,
			`Ad account ${advertiserId} is not authorized for this credential, was deleted, or the authorization lacks the scope this call needs. Check the ID (Ad Account > Get Many lists the accounts this credential can use) or re-authorize the account in TikTok.`,
		);
	}
	if (code === 40002) {
		return withDescription(
			error,
			`TikTok rejected a parameter for ad account ${advertiserId}. Check the IDs given to this node (advertiser, form, task).`,
		);
	}
	return error;
}
