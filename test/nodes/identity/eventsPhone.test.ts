/**
 * The Events API side of the identifier rules, through the Conversion node in the real engine: what reached
 * /event/track/ (captured by the emulator). Digests are literals computed outside the package (python3
 * hashlib.sha256).
 */
import type { IDataObject } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { emulatorCredentials, runNode } from '../../../harness';

const PIXEL = 'CPIXEL0123456789ABCD';
const locator = (value: string) => ({ __rl: true, mode: 'id', value });

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.reset());

async function send(input: IDataObject[], defaultCountry = '') {
	return runNode(
		'tikTokConversion',
		{
			operation: 'send',
			eventSource: 'web',
			eventSourceId: locator(PIXEL),
			event: 'CompleteRegistration',
			user: { email: '={{ $json.email }}', phone: '={{ $json.phone }}' },
			options: defaultCountry ? { defaultCountry } : {},
		},
		input,
		{ credentials: emulatorCredentials(emu) },
	);
}

describe('Conversion > identifiers sent to the Events API', () => {
	it('hashes a China number without its +86 country code (TikTok web-event rule), others in E.164', async () => {
		const { error } = await send(
			[
				{ email: 'a@example.com', phone: '+86 138 0000 0000' },
				{ email: 'b@example.com', phone: '138 0000 0000' },
				{ email: 'c@example.com', phone: '(+1)2133734253' },
			],
			'CN',
		);
		expect(error).toBeUndefined();
		const phones = emu.state.event.received.map((e) => e.user?.phone);
		expect(phones).toEqual([
			['359ea74a80a57accd42a7311ed96eca04f3e631d0ab34ea76808c543240d8a68'], // "13800000000"
			['359ea74a80a57accd42a7311ed96eca04f3e631d0ab34ea76808c543240d8a68'],
			['9f7ec22d72092cd3c0b58726ed9c2d91b92e51a3f29837508fb2948bb22dd2fd'], // "+12133734253"
		]);
	});

	it('keeps a +tag in emails (the Events API rule is trim + lowercase only) and hashes NFD like NFC', async () => {
		const { error } = await send([{ email: ' Name+News@Example.com ' }, { email: 'jose\u0301@example.com' }]);
		expect(error).toBeUndefined();
		expect(emu.state.event.received.map((e) => e.user?.email)).toEqual([
			['2b90238c9437caf490a6afaf5382c17654658dfa9150056aec82c51dc58433a8'], // "name+news@example.com"
			['b0a53cf19e34d05b57bced7365c6b00ddbe38d62957e863de2a66a56c3b42cea'], // "josé@example.com" (NFC)
		]);
	});

	it('does not hash an email carrying an invisible character, and says why', async () => {
		const { items, error } = await send([{ email: 'ali\u200bce@example.com', phone: '+84 912 345 678' }]);
		expect(error).toBeUndefined();
		expect(emu.state.event.received[0].user?.email).toBeUndefined();
		expect(JSON.stringify(items[0].json)).toMatch(/invisible/);
	});
});
