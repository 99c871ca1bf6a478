import {
	APP_STANDARD_EVENTS,
	checkEventName,
	standardEventsFor,
	WEB_STANDARD_EVENTS,
} from '../../../nodes/TikTokConversion/events/standardEvents';

describe('standard events', () => {
	it('lists the 18 web/offline/CRM events plus legacy names, and the app events', () => {
		expect(WEB_STANDARD_EVENTS).toHaveLength(18);
		expect(standardEventsFor('web')).toEqual(expect.arrayContaining(['Purchase', 'Lead', 'CompletePayment', 'SubmitForm']));
		expect(standardEventsFor('crm')).toEqual(standardEventsFor('offline'));
		expect(standardEventsFor('app')).toBe(APP_STANDARD_EVENTS);
		expect(standardEventsFor('app')).toContain('LaunchAPP');
	});

	it('accepts standard and custom names', () => {
		expect(checkEventName('web', ' Purchase ')).toEqual({ ok: true, name: 'Purchase', standard: true });
		expect(checkEventName('web', 'QualifiedLead')).toEqual({ ok: true, name: 'QualifiedLead', standard: false });
		expect(checkEventName('crm', 'Lead')).toMatchObject({ ok: true, standard: true });
	});

	it('refuses case near-misses, empty names, and custom names for offline sets', () => {
		expect(checkEventName('web', 'purchase')).toMatchObject({ ok: false, reason: expect.stringMatching(/"Purchase".*case-sensitive/) });
		expect(checkEventName('app', 'launchApp')).toMatchObject({ ok: false, reason: expect.stringMatching(/LaunchAPP/) });
		expect(checkEventName('web', '  ')).toMatchObject({ ok: false, reason: 'Event name is empty' });
		expect(checkEventName('web', 42)).toMatchObject({ ok: false });
		expect(checkEventName('offline', 'StoreVisit')).toMatchObject({ ok: false, reason: expect.stringMatching(/standard events only/) });
	});
});
