import { NodeApiError, NodeOperationError, type IHookFunctions, type JsonObject } from 'n8n-workflow';

import { listLeadSubscriptions } from '../shared/leads/subscriptions';
import { tikTokCode } from '../shared/transport';
import {
	belongsToNode,
	forgetSubscriptionFor,
	isTestActivation,
	matchesTarget,
	sameUrl,
	rememberSubscription,
	storedIdFor,
	subscribe,
	subscriptionTarget,
	unsubscribe,
	type SubscriptionTarget,
} from './subscriptions';

function targetOrThrow(context: IHookFunctions): SubscriptionTarget {
	const target = subscriptionTarget(context);
	if (!/^\d+$/.test(target.advertiserId)) {
		throw new NodeOperationError(context.getNode(), 'No advertiser is selected', {
			description: 'Choose the TikTok ad account whose leads should start this workflow.',
		});
	}
	if (target.formId !== '' && !/^\d+$/.test(target.formId)) {
		throw new NodeOperationError(context.getNode(), `The form ID "${target.formId}" is not a TikTok ID`, {
			description: 'Pick the instant form from the list, enter its numeric ID, or leave it empty for every form.',
		});
	}
	if (target.callbackUrl === '') {
		throw new NodeOperationError(context.getNode(), 'n8n gave no webhook URL for this trigger');
	}
	return target;
}

/**
 * Finds the subscription that already delivers to this URL with these settings and removes this node's leftovers:
 * on activation, every other subscription pointing at this node (a test URL that was never cleaned up, an older
 * n8n base URL, old advertiser/form settings, duplicates); while testing, only duplicates at the test URL, so a
 * test never touches the live subscription. A stored subscription TikTok no longer lists (token revoked) counts
 * as gone and `create` replaces it.
 */
export async function checkExists(this: IHookFunctions): Promise<boolean> {
	const target = targetOrThrow(this);
	const isTest = isTestActivation(this);
	const subscriptions = await listLeadSubscriptions.call(this);
	const storedId = storedIdFor(this, target.callbackUrl);
	const candidates = subscriptions.filter((s) => matchesTarget(s, target));
	const keep = candidates.find((s) => String(s.subscription_id) === storedId) ?? candidates[0];
	const leftovers = subscriptions.filter(
		(s) =>
			s !== keep &&
			belongsToNode(s, target) &&
			(!isTest || sameUrl(s.callback_url, target.callbackUrl)),
	);
	for (const leftover of leftovers) await unsubscribe.call(this, String(leftover.subscription_id));
	rememberSubscription(this, isTest, keep ? String(keep.subscription_id) : undefined, target.callbackUrl);
	return keep !== undefined;
}

function subscribeFailed(context: IHookFunctions, error: unknown): NodeApiError {
	const apiError =
		error instanceof NodeApiError ? error : new NodeApiError(context.getNode(), error as JsonObject);
	if (tikTokCode(apiError) === 40001) {
		apiError.description =
			'TikTok refused the lead subscription for this ad account. Subscribing needs the Admin role on the ad ' +
			'account and a token authorized for it: check the role in TikTok Ads Manager, re-authorize, and update ' +
			'the credential.';
	}
	return apiError;
}

export async function create(this: IHookFunctions): Promise<boolean> {
	const target = targetOrThrow(this);
	const isTest = isTestActivation(this);
	let subscriptionId: string;
	try {
		subscriptionId = await subscribe.call(this, target);
	} catch (error) {
		// If TikTok refuses because this exact subscription already exists, adopt it instead of failing activation.
		const existing = (await listLeadSubscriptions.call(this)).find((s) => matchesTarget(s, target));
		if (!existing) throw subscribeFailed(this, error);
		subscriptionId = String(existing.subscription_id);
	}
	if (subscriptionId === '') {
		throw new NodeOperationError(this.getNode(), 'TikTok accepted the subscription but returned no subscription ID', {
			description: 'Deactivate and activate the workflow again.',
		});
	}
	rememberSubscription(this, isTest, subscriptionId, target.callbackUrl);
	return true;
}

/**
 * Removes the subscriptions pointing at this URL (the stored one and any duplicate). Only this URL: stopping a
 * test listener must not unsubscribe the live workflow, and n8n calls delete for test webhooks without saying so.
 */
export async function remove(this: IHookFunctions): Promise<boolean> {
	const callbackUrl = this.getNodeWebhookUrl('default') ?? '';
	const storedId = storedIdFor(this, callbackUrl);
	const subscriptions = await listLeadSubscriptions.call(this);
	const mine = subscriptions.filter(
		(s) => String(s.subscription_id) === storedId || sameUrl(s.callback_url, callbackUrl),
	);
	for (const subscription of mine) await unsubscribe.call(this, String(subscription.subscription_id));
	forgetSubscriptionFor(this, callbackUrl);
	return true;
}
