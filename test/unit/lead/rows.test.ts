import { rowToLead } from '../../../nodes/TikTokLeadPollTrigger/rows';
import { simplifyLead } from '../../../nodes/shared/leads/shape';

describe('rowToLead', () => {
	const row = {
		lead_id: '7126711421177430274',
		create_time: '2025-04-03 00:22:37',
		ad_id: '1790000000000000001',
		form_id: '6873052183063953666',
		form_name: 'Đăng ký',
		name: 'An',
		phone_number: '+84901234567',
		'AI-generated overview': 'Khách muốn gọi lại',
	};

	it('turns a download row into the entry a webhook carries, with generated columns kept apart', () => {
		const lead = rowToLead(row, { advertiserId: '7000000000000000001', leadSource: 'INSTANT_FORM' });
		expect(lead.entry).toEqual({
			id: '7126711421177430274',
			advertiser_id: '7000000000000000001',
			lead_source: 'INSTANT_FORM',
			create_time: 1743639757,
			ad_id: '1790000000000000001',
			page_id: '6873052183063953666',
			page_name: 'Đăng ký',
			changes: [
				{ field: 'name', value: 'An' },
				{ field: 'phone_number', value: '+84901234567' },
			],
		});
		expect(lead.extraColumns).toEqual({ 'AI-generated overview': 'Khách muốn gọi lại' });
		expect(simplifyLead(lead.entry)).toMatchObject({
			leadId: '7126711421177430274',
			formId: '6873052183063953666',
			createdAt: '2025-04-03T00:22:37.000Z',
			fields: { name: 'An', phone_number: '+84901234567' },
		});
	});

	it('keeps a question labelled "__proto__" as an ordinary answer', () => {
		const lead = rowToLead(JSON.parse('{"lead_id":"1","__proto__":"x"}'), { advertiserId: '1', leadSource: 'INSTANT_FORM' });
		expect(lead.entry.changes).toEqual([{ field: '__proto__', value: 'x' }]);
	});
});
