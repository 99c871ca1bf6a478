export type EventSource = 'web' | 'app' | 'offline' | 'crm';

export const EVENT_SOURCES: readonly EventSource[] = ['web', 'app', 'offline', 'crm'];

/** The 18 standard events TikTok lists for web, offline and CRM event sets (Events API 2.0). */
export const WEB_STANDARD_EVENTS: readonly string[] = [
	'AddPaymentInfo',
	'AddToCart',
	'AddToWishlist',
	'ApplicationApproval',
	'CompleteRegistration',
	'Contact',
	'CustomizeProduct',
	'Download',
	'FindLocation',
	'InitiateCheckout',
	'Lead',
	'Purchase',
	'Schedule',
	'Search',
	'StartTrial',
	'SubmitApplication',
	'Subscribe',
	'ViewContent',
];

/** Older names integrators still send and TikTok still accepts; kept so existing setups keep working. */
export const LEGACY_WEB_EVENTS: readonly string[] = [
	'CompletePayment',
	'PlaceAnOrder',
	'SubmitForm',
	'ClickButton',
	'PageView',
];

export const APP_STANDARD_EVENTS: readonly string[] = [
	'AchieveLevel',
	'AddPaymentInfo',
	'AddToCart',
	'AddToWishlist',
	'Checkout',
	'CompleteTutorial',
	'CreateGroup',
	'CreateRole',
	'GenerateLead',
	'InAppADClick',
	'InAppADImpr',
	'InstallApp',
	'JoinGroup',
	'LaunchAPP',
	'LoanApplication',
	'LoanApproval',
	'LoanDisbursal',
	'Login',
	'Purchase',
	'Rate',
	'Registration',
	'Search',
	'SpendCredits',
	'Subscribe',
	'UnlockAchievement',
	'ViewContent',
];

/** Standard (including legacy) event names valid for a source. */
export function standardEventsFor(source: EventSource): readonly string[] {
	return source === 'app' ? APP_STANDARD_EVENTS : [...WEB_STANDARD_EVENTS, ...LEGACY_WEB_EVENTS];
}

export function isStandardEvent(source: EventSource, name: string): boolean {
	return standardEventsFor(source).includes(name);
}

export type EventNameCheck = { ok: true; name: string; standard: boolean } | { ok: false; reason: string };

/**
 * TikTok matches event names case-sensitively: "purchase" is a custom event that no campaign optimises for,
 * so a near-miss of a standard name is refused rather than sent. Offline event sets take standard events only.
 */
export function checkEventName(source: EventSource, raw: unknown): EventNameCheck {
	if (typeof raw !== 'string' || raw.trim() === '') {
		return { ok: false, reason: 'Event name is empty' };
	}
	const name = raw.trim();
	if (isStandardEvent(source, name)) return { ok: true, name, standard: true };
	const standard = standardEventsFor(source);
	const nearMiss = standard.find((candidate) => candidate.toLowerCase() === name.toLowerCase());
	if (nearMiss) {
		return {
			ok: false,
			reason: `Event name "${name}" differs only in letter case from the standard event "${nearMiss}"; TikTok names are case-sensitive`,
		};
	}
	if (source === 'offline') {
		return {
			ok: false,
			reason: `Event "${name}" is not a standard event; offline event sets accept standard events only`,
		};
	}
	return { ok: true, name, standard: false };
}
