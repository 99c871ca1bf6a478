import { createHash } from 'node:crypto';

import { mappingRow, planMappingBatches, preparePerson, schemaFor } from '../../../nodes/TikTokAudience/segmentApi/mapping';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('segment mapping (pure)', () => {
	it('id_schema columns follow the chosen identifiers; MAIDs get both IDFA and AAID columns', () => {
		expect(schemaFor(['phone', 'email'])).toEqual(['EMAIL_SHA256', 'PHONE_SHA256']);
		expect(schemaFor(['maid'])).toEqual(['IDFA_SHA256', 'AAID_SHA256']);
	});

	it('uses the customer-audience email rule (+tag dropped) and E.164 phones', () => {
		const person = preparePerson({ email: 'An+x@Example.com', phone: '0912345678' }, ['email', 'phone'], { defaultCountry: 'VN', maidKind: 'auto' });
		expect(person.ids).toEqual({ EMAIL_SHA256: sha('an@example.com'), PHONE_SHA256: sha('+84912345678') });
		expect(mappingRow(person, ['PHONE_SHA256', 'EMAIL_SHA256', 'IDFA_SHA256'], ['1'])).toEqual([
			{ id: sha('+84912345678'), audience_ids: ['1'] },
			{ id: sha('an@example.com'), audience_ids: ['1'] },
			{},
		]);
	});

	it('batches skip people without ids and keep item order', () => {
		const people = [0, 1, 2, 3, 4].map((i) => ({ itemIndex: i, person: preparePerson({ email: i === 2 ? 'bad' : `u${i}@x.com` }, ['email'], { maidKind: 'auto' }) }));
		const batches = planMappingBatches(people, ['EMAIL_SHA256'], ['9'], 2);
		expect(batches.map((b) => b.itemIndexes)).toEqual([[0, 1], [3, 4]]);
		expect(people[2].person.invalid).toEqual([{ identifier: 'email', reason: 'invalid_email' }]);
	});
});
