import { startEmulator, type Emulator } from '../../emulator';
import { call } from './http';

let emu: Emulator;
let advertiserId: string;
let audienceId: string;
beforeAll(async () => {
	emu = await startEmulator({ advertiserCount: 2 });
	advertiserId = [...emu.state.core.advertisers.keys()][0];
});
afterAll(() => emu.close());
beforeEach(async () => {
	emu.reset();
	const created = await call(emu, 'POST', '/segment/audience/', { body: { advertiser_id: advertiserId, custom_audience_name: 'x'.repeat(80) } });
	audienceId = created.json.data.audience_id as string;
});

const HASH = 'a'.repeat(64);
const mapping = (body: Record<string, unknown>) =>
	call(emu, 'POST', '/segment/mapping/', { body: { advertiser_ids: [advertiserId], id_schema: ['EMAIL_SHA256'], batch_data: [[{ id: HASH, audience_ids: [audienceId] }]], ...body } });

describe('segment routes refuse what TikTok refuses (40002)', () => {
	it('create defaults to action create and shortens names over 70 characters', () => {
		expect(emu.state.segment.audiences.get(audienceId)?.name).toBe(`${'x'.repeat(67)}...`);
	});

	it.each([
		['a user not aligned with id_schema', { id_schema: ['EMAIL_SHA256', 'PHONE_SHA256'] }, 'aligned with id_schema'],
		['duplicate id types', { id_schema: ['EMAIL_SHA256', 'email_sha256'], batch_data: [[{ id: HASH, audience_ids: ['1'] }, {}]] }, 'Duplicate'],
		['an unknown id type', { id_schema: ['EMAIL'] }, 'id_schema'],
		['a raw email instead of a hash', { batch_data: [[{ id: 'lan@example.com', audience_ids: ['1'] }]] }, 'is not a EMAIL_SHA256 value'],
		['a user with only placeholders', { batch_data: [[{}]] }, 'at least one ID'],
		['an unknown audience', { batch_data: [[{ id: HASH, audience_ids: ['123'] }]] }, 'is not a segment audience'],
		['an unknown action', { action: 'replace' }, 'action'],
	])('%s', async (_label, body, fragment) => {
		const { json } = await mapping(body);
		expect(json.code).toBe(40002);
		expect(json.message).toContain(fragment);
		expect(emu.state.segment.audiences.get(audienceId)?.members.size).toBe(0);
	});

	it('accepts a lowercase id type and adds the member', async () => {
		const { json } = await mapping({ id_schema: ['email_sha256'] });
		expect(json.code).toBe(0);
		expect([...(emu.state.segment.audiences.get(audienceId)?.members ?? [])]).toEqual([`EMAIL_SHA256:${HASH}`]);
	});
});
