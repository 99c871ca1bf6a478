import type { IDataObject, IHookFunctions } from 'n8n-workflow';

import { getAppCredentials, tikTokApiRequest } from '../shared/transport';
import { textOf } from '../shared/values';

/** What this trigger node wants TikTok to send, and where. */
export interface SubscriptionTarget {
	callbackUrl: string;
	advertiserId: string;
	/** '' = every instant form of the advertiser. */
	formId: string;
	leadSource: string;
	/** Path tail shared by this node's test and production URLs (`/<webhookId>/webhook`), when n8n gave one. */
	ownPathSuffix?: string;
}

/**
 * Static data keys. The production subscription sits under the names the workflow owner sees first; a "listen for
 * test event" subscription has its own keys so a test never overwrites the live one.
 */
interface StoredSubscription extends IDataObject {
	subscriptionId?: string;
	callbackUrl?: string;
	testSubscriptionId?: string;
	testCallbackUrl?: string;
}

export function isTestActivation(context: IHookFunctions): boolean {
	// n8n registers test webhooks with activation mode 'manual'; production uses init/activate/update/leadershipChange.
	return context.getActivationMode() === 'manual';
}

function stripUrl(url: string): string {
	// The lookbehind lets only the first slash of a run start a match: a bare /\/+$/ is quadratic on "////…x".
	return url.split(/[?#]/)[0].replace(/(?<!\/)\/+$/, '');
}

/** Same callback URL, ignoring a trailing slash, query or fragment. */
export function sameUrl(a: unknown, b: unknown): boolean {
	return stripUrl(textOf(a) ?? '') === stripUrl(textOf(b) ?? '');
}

export function subscriptionTarget(context: IHookFunctions): SubscriptionTarget {
	const callbackUrl = context.getNodeWebhookUrl('default') ?? '';
	const advertiserId = String(context.getNodeParameter('advertiserId', '', { extractValue: true }) ?? '').trim();
	const leadSource = String(context.getNodeParameter('leadSource', 'INSTANT_FORM'));
	const formId =
		leadSource === 'INSTANT_FORM'
			? String(context.getNodeParameter('formId', '', { extractValue: true }) ?? '').trim()
			: '';
	const webhookId = context.getNode().webhookId;
	const path = context.getWebhookDescription('default')?.path;
	const suffix = webhookId && path ? `/${webhookId}/${String(path).replace(/^\/+/, '')}` : undefined;
	return {
		callbackUrl,
		advertiserId,
		formId,
		leadSource,
		ownPathSuffix: suffix && stripUrl(callbackUrl).endsWith(suffix) ? suffix : undefined,
	};
}

function detailOf(subscription: IDataObject): IDataObject {
	const detail = subscription.subscription_detail;
	return typeof detail === 'object' && detail !== null ? (detail as IDataObject) : {};
}

/** Same URL, advertiser, form (or none) and lead source: a subscription that delivers exactly what we want. */
export function matchesTarget(subscription: IDataObject, target: SubscriptionTarget): boolean {
	const detail = detailOf(subscription);
	return (
		stripUrl(textOf(subscription.callback_url) ?? '') === stripUrl(target.callbackUrl) &&
		(textOf(detail.advertiser_id) ?? '') === target.advertiserId &&
		(textOf(detail.page_id) ?? '') === target.formId &&
		(textOf(detail.lead_source) || 'INSTANT_FORM') === target.leadSource
	);
}

/** Points at this node: its current URL, or its other URL (test vs production, or an older n8n base URL). */
export function belongsToNode(subscription: IDataObject, target: SubscriptionTarget): boolean {
	const url = stripUrl(textOf(subscription.callback_url) ?? '');
	if (url === stripUrl(target.callbackUrl)) return true;
	return target.ownPathSuffix !== undefined && url.endsWith(target.ownPathSuffix);
}

export async function unsubscribe(this: IHookFunctions, subscriptionId: string): Promise<void> {
	const { appId, appSecret } = await getAppCredentials.call(this);
	await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/subscription/unsubscribe/',
		body: { app_id: appId, secret: appSecret, subscription_id: subscriptionId },
	});
}

export async function subscribe(this: IHookFunctions, target: SubscriptionTarget): Promise<string> {
	const { appId, appSecret, accessToken } = await getAppCredentials.call(this);
	const detail: IDataObject = {
		access_token: accessToken,
		advertiser_id: target.advertiserId,
		lead_source: target.leadSource,
	};
	if (target.formId) detail.page_id = target.formId;
	const { data } = await tikTokApiRequest.call(this, {
		method: 'POST',
		path: '/subscription/subscribe/',
		body: {
			app_id: appId,
			secret: appSecret,
			subscribe_entity: 'LEAD',
			callback_url: target.callbackUrl,
			subscription_detail: detail,
		},
		// A repeated subscribe could leave a second live subscription (every lead delivered twice).
		idempotent: false,
	});
	return textOf(data.subscription_id) ?? '';
}

export function storedSubscription(context: IHookFunctions): StoredSubscription {
	return context.getWorkflowStaticData('node') as StoredSubscription;
}

export function rememberSubscription(
	context: IHookFunctions,
	isTest: boolean,
	subscriptionId: string | undefined,
	callbackUrl: string,
): void {
	const stored = storedSubscription(context);
	const idKey = isTest ? 'testSubscriptionId' : 'subscriptionId';
	const urlKey = isTest ? 'testCallbackUrl' : 'callbackUrl';
	if (subscriptionId) {
		stored[idKey] = subscriptionId;
		stored[urlKey] = callbackUrl;
	} else {
		delete stored[idKey];
		delete stored[urlKey];
	}
}

/** The stored subscription id for this URL, whichever mode stored it. */
export function storedIdFor(context: IHookFunctions, callbackUrl: string): string | undefined {
	const stored = storedSubscription(context);
	const url = stripUrl(callbackUrl);
	if (stored.callbackUrl !== undefined && stripUrl(stored.callbackUrl) === url) return stored.subscriptionId;
	if (stored.testCallbackUrl !== undefined && stripUrl(stored.testCallbackUrl) === url) return stored.testSubscriptionId;
	return undefined;
}

export function forgetSubscriptionFor(context: IHookFunctions, callbackUrl: string): void {
	const stored = storedSubscription(context);
	const url = stripUrl(callbackUrl);
	if (stored.callbackUrl !== undefined && stripUrl(stored.callbackUrl) === url) rememberSubscription(context, false, undefined, '');
	if (stored.testCallbackUrl !== undefined && stripUrl(stored.testCallbackUrl) === url) {
		rememberSubscription(context, true, undefined, '');
	}
}
