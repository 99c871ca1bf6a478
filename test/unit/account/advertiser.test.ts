import {
	ADVERTISER_ROLE_DESCRIPTIONS,
	ADVERTISER_STATUS_DESCRIPTIONS,
	describeAdvertiserRole,
	describeAdvertiserStatus,
	groupLeadSubscriptions,
	shapeAdvertiser,
} from '../../../nodes/TikTokAdsAccount/helpers/advertiser';

// docs/tiktok-api-contract.md#get-advertiserinfo (BB enum/advertiser_status.go, PP AdvertiserStatus.php).
const ALL_STATUSES = [
	'STATUS_ENABLE',
	'STATUS_DISABLE',
	'STATUS_PENDING_CONFIRM',
	'STATUS_PENDING_VERIFIED',
	'STATUS_CONFIRM_FAIL',
	'STATUS_CONFIRM_FAIL_END',
	'STATUS_PENDING_CONFIRM_MODIFY',
	'STATUS_CONFIRM_MODIFY_FAIL',
	'STATUS_LIMIT',
	'STATUS_WAIT_FOR_BPM_AUDIT',
	'STATUS_WAIT_FOR_PUBLIC_AUTH',
	'STATUS_SELF_SERVICE_UNAUDITED',
	'STATUS_CONTRACT_PENDING',
];
const ALL_ROLES = ['ROLE_ADVERTISER', 'ROLE_CHILD_ADVERTISER', 'ROLE_CHILD_AGENT', 'ROLE_AGENT'];

describe('advertiser status and role descriptions', () => {
	it('describes exactly the 13 documented statuses, each differently', () => {
		expect(Object.keys(ADVERTISER_STATUS_DESCRIPTIONS).sort()).toEqual([...ALL_STATUSES].sort());
		const texts = ALL_STATUSES.map(describeAdvertiserStatus);
		expect(new Set(texts).size).toBe(13);
		for (const t of texts) expect(t).not.toBe('Unknown status');
	});

	it.each([
		['STATUS_ENABLE', /approved/i],
		['STATUS_DISABLE', /closed/i],
		['STATUS_LIMIT', /penalty/i],
		['STATUS_WAIT_FOR_PUBLIC_AUTH', /bank/i],
		['STATUS_CONTRACT_PENDING', /contract/i],
		['STATUS_PENDING_CONFIRM_MODIFY', /change/i],
	])('%s reads in plain English', (status, pattern) => {
		expect(describeAdvertiserStatus(status)).toMatch(pattern);
	});

	it('passes unknown and odd values through as "Unknown status"', () => {
		for (const v of ['STATUS_NEW_THING', '', null, undefined, 3, 'toString', '__proto__']) {
			expect(describeAdvertiserStatus(v)).toBe('Unknown status');
		}
	});

	it('describes the 4 roles and flags others', () => {
		expect(Object.keys(ADVERTISER_ROLE_DESCRIPTIONS).sort()).toEqual([...ALL_ROLES].sort());
		expect(new Set(ALL_ROLES.map(describeAdvertiserRole)).size).toBe(4);
		expect(describeAdvertiserRole('ROLE_ADVERTISER')).toMatch(/direct/i);
		expect(describeAdvertiserRole('ROLE_AGENT')).toMatch(/agency/i);
		expect(describeAdvertiserRole('ROLE_X')).toBe('Unknown role');
	});
});

describe('shapeAdvertiser', () => {
	const info = {
		advertiser_id: '7301234567890123456',
		name: 'Shop Hoa Sen',
		company: 'Công ty TNHH Hoa Sen',
		status: 'STATUS_LIMIT',
		role: 'ROLE_CHILD_ADVERTISER',
		currency: 'VND',
		timezone: 'Asia/Ho_Chi_Minh',
		display_timezone: 'Asia/Ho_Chi_Minh',
		country: 'VN',
		balance: 1250000.5,
		create_time: 1700000000,
		owner_bc_id: '7209876543210987654',
		email: 'm***@example.com',
	};

	it('produces the ad account columns the README lists, with descriptions, string id and ISO time', () => {
		const out = shapeAdvertiser(info, {
			webhook: { subscribed: false, callbackUrls: [], subscriptions: [] },
		});
		expect(out).toEqual({
			advertiser_id: '7301234567890123456',
			name: 'Shop Hoa Sen',
			status: 'STATUS_LIMIT',
			statusDescription: 'Restricted: the account is under a penalty',
			role: 'ROLE_CHILD_ADVERTISER',
			roleDescription: 'Sub ad account (advertiser under an agency)',
			company: 'Công ty TNHH Hoa Sen',
			currency: 'VND',
			timezone: 'Asia/Ho_Chi_Minh',
			display_timezone: 'Asia/Ho_Chi_Minh',
			country: 'VN',
			balance: 1250000.5,
			create_time: '2023-11-14T22:13:20.000Z',
			owner_bc_id: '7209876543210987654',
			leadWebhook: { subscribed: false, callbackUrls: [], subscriptions: [] },
		});
	});

	it('keeps every raw field when not simplified', () => {
		const out = shapeAdvertiser(info, { simplify: false });
		expect(out.email).toBe('m***@example.com');
		expect(out.create_time).toBe('2023-11-14T22:13:20.000Z');
	});
});

describe('groupLeadSubscriptions', () => {
	it('groups by advertiser, dedupes callback URLs and never copies the access token', () => {
		const grouped = groupLeadSubscriptions([
			{
				subscription_id: '1001',
				subscribe_entity: 'LEAD',
				callback_url: 'https://n8n.example.com/webhook/a',
				subscription_detail: { access_token: 'SECRET', advertiser_id: '7301234567890123456' },
			},
			{
				subscription_id: '1002',
				subscribe_entity: 'LEAD',
				callback_url: 'https://n8n.example.com/webhook/a',
				subscription_detail: {
					access_token: 'SECRET',
					advertiser_id: '7301234567890123456',
					page_id: '6873052183063953666',
					lead_source: 'INSTANT_FORM',
				},
			},
			{
				subscription_id: '1003',
				subscribe_entity: 'AD',
				callback_url: 'https://other',
				subscription_detail: { advertiser_id: '7301234567890123456' },
			},
		]);
		const state = grouped.get('7301234567890123456');
		expect(state).toEqual({
			subscribed: true,
			callbackUrls: ['https://n8n.example.com/webhook/a'],
			subscriptions: [
				{ subscription_id: '1001', callback_url: 'https://n8n.example.com/webhook/a' },
				{
					subscription_id: '1002',
					callback_url: 'https://n8n.example.com/webhook/a',
					page_id: '6873052183063953666',
					lead_source: 'INSTANT_FORM',
				},
			],
		});
		expect(JSON.stringify([...grouped.values()])).not.toContain('SECRET');
	});
});
