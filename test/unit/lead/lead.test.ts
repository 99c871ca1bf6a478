import {
	buildFieldMapping,
	collectFields,
	jsonNestingExceeds,
	leadIdOf,
	normalizeIds,
	parseLeadDelivery,
	selectLeads,
	simplifyLead,
} from '../../../nodes/TikTokLeadTrigger/lead';

const ADV = '7654321098765432109';
const FORM = '6873052183063953666';

// Hand-written text: the IDs are bare 19-digit numbers exactly as TikTok sends them.
const SAMPLE = `{
  "request_id": "20250403012345ABCDEF",
  "object": 1,
  "time": 1743639760,
  "entry": [
    {
      "id": 7126711421177430274,
      "lead_source": "INSTANT_FORM",
      "page_id": ${FORM},
      "page_name": "\u0110\u0103ng k\u00fd t\u01b0 v\u1ea5n",
      "advertiser_id": ${ADV},
      "advertiser_name": "Ph\u1edf H\u00e0 N\u1ed9i",
      "library_id": 0,
      "campaign_id": 1790000000000000001,
      "campaign_name": "Lead Q2",
      "adgroup_id": 1790000000000000002,
      "adgroup_name": "HCM 25-34",
      "ad_id": 1790000000000000003,
      "ad_name": "Video 1 \u{1F525}",
      "create_time": 1743639757,
      "changes": [
        { "field": "name", "value": "Nguy\u1ec5n V\u0103n \u0110\u1ee9c" },
        { "field": "phone_number", "value": "+84901234567" },
        { "field": "email", "value": "duc@example.com" },
        { "field": "B\u1ea1n quan t\u00e2m s\u1ea3n ph\u1ea9m n\u00e0o?", "value": "Ph\u1edf b\u00f2 \u{1F35C}" }
      ]
    }
  ]
}`;

function parse(text: string) {
	const parsed = parseLeadDelivery(text);
	if (!parsed.ok) throw new Error(`unexpected parse failure: ${parsed.reason}`);
	return parsed.delivery;
}

describe('parseLeadDelivery', () => {
	it('keeps 19-digit IDs exact as strings', () => {
		const delivery = parse(SAMPLE);
		expect(delivery.object).toBe(1);
		expect(delivery.time).toBe(1743639760);
		expect(delivery.requestId).toBe('20250403012345ABCDEF');
		const entry = delivery.entries[0] as Record<string, unknown>;
		expect(entry.id).toBe('7126711421177430274');
		expect(entry.advertiser_id).toBe(ADV);
		expect(entry.page_id).toBe(FORM);
		expect(entry.campaign_id).toBe('1790000000000000001');
		// A plain JSON.parse would have rounded it.
		expect(String(JSON.parse(SAMPLE).entry[0].id)).not.toBe('7126711421177430274');
	});

	it('accepts deliveries of other objects and those without entries', () => {
		expect(parse('{"object":2,"time":1,"entry":[{"adgroup_id":1}]}').object).toBe(2);
		const suspension = parse('{"subscription_id":7000000000000000001,"advertiser_id":1}');
		expect(suspension.object).toBeNull();
		expect(suspension.entries).toEqual([]);
	});

	it('reads an object given as a numeric string', () => {
		expect(parse('{"object":"1","entry":[]}').object).toBe(1);
	});

	it.each([
		['empty body', '', /not valid JSON/],
		['truncated JSON', '{"object":1,"entry":[', /not valid JSON/],
		['a list', '[{"object":1}]', /not a JSON object/],
		['a string', '"hello"', /not a JSON object/],
		['entry that is not a list', '{"object":1,"entry":{"id":1}}', /"entry" field is not a list/],
		['lead object without entry', '{"object":1}', /without an "entry" list/],
	])('rejects %s with a reason', (_name, body, reason) => {
		const parsed = parseLeadDelivery(body);
		expect(parsed.ok).toBe(false);
		expect(parsed.ok ? '' : parsed.reason).toMatch(reason);
	});

	it.each([
		['a stray word', 'oops nguyen.van.duc@example.com +84901234567'],
		['an unquoted answer', '{"object":1,"entry":[{"changes":[{"field":"email","value": nguyen.van.duc@example.com}]}]}'],
		['trailing text', '{"email":"nguyen.van.duc@example.com"} +84901234567'],
	])('never quotes the body in the reason (%s): it reaches logs and responses', (_name, body) => {
		const parsed = parseLeadDelivery(body);
		expect(parsed).toEqual({ ok: false, reason: 'The body is not valid JSON.' });
	});
});

describe('normalizeIds', () => {
	it('turns short numeric IDs into strings and leaves other numbers alone', () => {
		expect(normalizeIds({ id: 42, library_id: 0, create_time: 1743639757, score: 1.5, ad_id: '9' })).toEqual({
			id: '42',
			library_id: '0',
			create_time: 1743639757,
			score: 1.5,
			ad_id: '9',
		});
	});

	it('keeps a "__proto__" key as an ordinary property', () => {
		const entry = JSON.parse('{"__proto__":{"polluted":true},"id":1}');
		const out = normalizeIds(entry);
		expect(Object.keys(out)).toContain('__proto__');
		expect(({} as Record<string, unknown>).polluted).toBeUndefined();
		expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
	});
});

describe('selectLeads', () => {
	const entries = [
		{ id: 1, advertiser_id: ADV, page_id: FORM, lead_source: 'INSTANT_FORM' },
		{ id: 2, advertiser_id: '1111111111111111111', page_id: FORM },
		{ id: 3, advertiser_id: ADV, page_id: '6000000000000000001' },
		{ id: 4, advertiser_id: ADV, page_id: FORM, lead_source: 'DIRECT_MESSAGE' },
		'not an entry',
		null,
		{ id: 7, page_id: FORM },
		{ id: 8, advertiser_id: Number(42), page_id: FORM },
	];

	it('keeps only this advertiser, counting what it drops and why', () => {
		const result = selectLeads(entries, { advertiserId: ADV, leadSource: 'INSTANT_FORM' });
		expect(result.leads.map((l) => l.id)).toEqual(['1']);
		expect(result.otherAdvertiser).toBe(2);
		expect(result.otherSource).toBe(1);
		expect(result.otherForm).toBe(0);
		// A missing field never passes the check that needs it (an entry without advertiser_id is not this account's).
		expect(result.invalid).toEqual([
			{ index: 2, reason: 'entry 2 has no "lead_source", so it cannot be matched to this trigger\'s lead source' },
			{ index: 4, reason: 'entry 4 is not an object' },
			{ index: 5, reason: 'entry 5 is not an object' },
			{ index: 6, reason: 'entry 6 has no "advertiser_id", so it cannot be matched to this trigger\'s ad account' },
		]);
	});

	it('narrows to one form when a form is chosen', () => {
		const result = selectLeads(entries, { advertiserId: ADV, formId: ` ${FORM} `, leadSource: 'INSTANT_FORM' });
		expect(result.leads.map((l) => l.id)).toEqual(['1']);
		expect(result.otherForm).toBe(1);
	});

	it('compares short numeric advertiser IDs as strings', () => {
		const result = selectLeads(entries, { advertiserId: '42' });
		expect(result.leads.map((l) => l.id)).toEqual(['8']);
	});

	it('rejects entries without an id or without the form a form filter needs, with a reason', () => {
		const result = selectLeads(
			[{ advertiser_id: ADV, page_id: FORM, lead_source: 'INSTANT_FORM' }, { id: 9, advertiser_id: ADV, lead_source: 'INSTANT_FORM' }],
			{ advertiserId: ADV, formId: FORM, leadSource: 'INSTANT_FORM' },
		);
		expect(result.leads).toEqual([]);
		expect(result.invalid.map((i) => i.reason)).toEqual([
			'entry 0 has no lead id ("id"), so it cannot be deduplicated',
			'entry 1 has no "page_id", so it cannot be matched to this trigger\'s form',
		]);
	});
});

describe('field mapping and simplification', () => {
	const lead = normalizeIds(parse(SAMPLE).entries[0] as Record<string, unknown>);

	it('builds the simplified item with exact IDs, names and an ISO creation time', () => {
		expect(simplifyLead(lead)).toEqual({
			leadId: '7126711421177430274',
			formId: FORM,
			formName: '\u0110\u0103ng k\u00fd t\u01b0 v\u1ea5n',
			advertiserId: ADV,
			advertiserName: 'Ph\u1edf H\u00e0 N\u1ed9i',
			libraryId: null,
			campaignId: '1790000000000000001',
			campaignName: 'Lead Q2',
			adgroupId: '1790000000000000002',
			adgroupName: 'HCM 25-34',
			adId: '1790000000000000003',
			adName: 'Video 1 \u{1F525}',
			leadSource: 'INSTANT_FORM',
			createdAt: '2025-04-03T00:22:37.000Z',
			fields: {
				name: 'Nguy\u1ec5n V\u0103n \u0110\u1ee9c',
				phone_number: '+84901234567',
				email: 'duc@example.com',
				'B\u1ea1n quan t\u00e2m s\u1ea3n ph\u1ea9m n\u00e0o?': 'Ph\u1edf b\u00f2 \u{1F35C}',
			},
		});
	});

	it('renames fields case-insensitively and ignores incomplete rows', () => {
		const mapping = buildFieldMapping([
			{ from: 'PHONE_NUMBER', to: 'phone' },
			{ from: ' b\u1ea1n quan t\u00e2m s\u1ea3n ph\u1ea9m n\u00e0o? ', to: 'product' },
			{ from: 'email', to: '' },
			{ from: '', to: 'x' },
			{},
		]);
		expect(simplifyLead(lead, mapping).fields).toEqual({
			name: 'Nguy\u1ec5n V\u0103n \u0110\u1ee9c',
			phone: '+84901234567',
			email: 'duc@example.com',
			product: 'Ph\u1edf b\u00f2 \u{1F35C}',
		});
	});

	it('keeps every answer when names repeat or two fields map to one name', () => {
		const mapping = buildFieldMapping([
			{ from: 'phone_number', to: 'phone' },
			{ from: 'mobile', to: 'phone' },
		]);
		const fields = collectFields(
			[
				{ field: 'phone_number', value: '1' },
				{ field: 'mobile', value: '2' },
				{ field: 'interest', value: 'a' },
				{ field: 'interest', value: 'b' },
				{ field: 'interest', value: 'c' },
			],
			mapping,
		);
		expect(fields).toEqual({ phone: ['1', '2'], interest: ['a', 'b', 'c'] });
	});

	it('names unlabelled answers instead of dropping them, and tolerates junk', () => {
		expect(collectFields([{ value: 'x' }, { field: '', value: 'y' }, 'z', { field: 'n' }])).toEqual({
			unnamed_1: 'x',
			unnamed_2: 'y',
			unnamed_3: 'z',
			n: null,
		});
		expect(collectFields(undefined)).toEqual({});
		expect(collectFields({ field: 'x' })).toEqual({});
	});

	it('keeps a question labelled "__proto__" as data', () => {
		const fields = collectFields([{ field: '__proto__', value: 'v' }]);
		expect(Object.getOwnPropertyDescriptor(fields, '__proto__')?.value).toBe('v');
	});

	it('fills missing values with null and keeps a real library ID', () => {
		const item = simplifyLead({ id: '5', library_id: '7300000000000000001' });
		expect(item.leadId).toBe('5');
		expect(item.libraryId).toBe('7300000000000000001');
		expect(item.formId).toBeNull();
		expect(item.createdAt).toBeNull();
		expect(item.fields).toEqual({});
	});

	it('reads the lead ID', () => {
		expect(leadIdOf({ id: '7126711421177430274' })).toBe('7126711421177430274');
		expect(leadIdOf({ id: 12 })).toBe('12');
		expect(leadIdOf({ id: '' })).toBeNull();
		expect(leadIdOf({})).toBeNull();
	});
});

describe('jsonNestingExceeds', () => {
	it('counts brackets outside strings only, escaped quotes included', () => {
		expect(jsonNestingExceeds('{"a":[[1]]}', 3)).toBe(false);
		expect(jsonNestingExceeds('{"a":[[[1]]]}', 3)).toBe(true);
		expect(jsonNestingExceeds(`{"a":"${'['.repeat(100)}\\\\\\"${'{'.repeat(100)}"}`, 2)).toBe(false);
		expect(jsonNestingExceeds('[]'.repeat(1000), 1)).toBe(false);
	});

	it('stops early and stays linear on 100,000 levels', () => {
		const deep = '['.repeat(100_000) + ']'.repeat(100_000);
		expect(jsonNestingExceeds(deep, 32)).toBe(true);
		expect(parseLeadDelivery(`{"object":1,"entry":[${deep}]}`)).toEqual({
			ok: false,
			reason: 'The body is nested more than 32 levels deep; a TikTok lead delivery is not.',
		});
	});
});

describe('parseLeadDelivery: how object reads', () => {
	const objectText = (raw: string) => {
		const parsed = parseLeadDelivery(`{${raw}"entry":[]}`);
		return parsed.ok ? [parsed.delivery.object, parsed.delivery.objectText] : parsed.reason;
	};
	it('names missing, numeric, over-long and non-numeric values apart', () => {
		expect(objectText('')).toEqual([null, 'missing']);
		expect(objectText('"object":2,')).toEqual([2, '2']);
		expect(objectText(`"object":${'9'.repeat(400)},`)).toEqual([null, 'a 400-digit number']);
		expect(objectText('"object":"lead",')).toEqual([null, 'not a valid number']);
		expect(objectText('"object":{"a":1},')).toEqual([null, 'not a valid number']);
	});
});
