import type { INodeProperties } from 'n8n-workflow';

import { startEmulator, type Emulator } from '../../../emulator';
import { formsOf } from '../../../emulator/routes/page';
import { emulatorCredentials, loadPackage, runListSearch } from '../../../harness';
import { fixture, triggerParameters } from './helpers';

const TYPE = 'tikTokLeadTrigger';

/** What the editor shows: the description of the built node, loaded the way n8n loads the installed package. */
async function description() {
	const { nodeTypes } = await loadPackage();
	return nodeTypes.getByNameAndVersion(`n8n-nodes-tiktok-ads.${TYPE}`).description;
}

function byName(properties: INodeProperties[], name: string): INodeProperties {
	const property = properties.find((p) => p.name === name);
	if (!property) throw new Error(`no parameter ${name}`);
	return property;
}

describe('TikTok Lead Form Trigger: what the editor shows', () => {
	it('is a POST webhook trigger without inputs, named as the README names it', async () => {
		const d = await description();
		expect(d.displayName).toBe('TikTok Lead Form Trigger');
		expect(d.name).toBe(TYPE);
		expect(d.group).toEqual(['trigger']);
		expect(d.inputs).toEqual([]);
		expect(d.webhooks).toEqual([expect.objectContaining({ name: 'default', httpMethod: 'POST', responseMode: 'onReceived' })]);
		expect(d.credentials).toEqual([{ name: 'tikTokAdsOAuth2Api', required: true }]);
	});

	it('has the parameters the README lists, with their defaults', async () => {
		const { properties } = await description();
		expect(byName(properties, 'advertiserId')).toMatchObject({ type: 'resourceLocator', required: true });
		expect(byName(properties, 'formId')).toMatchObject({
			type: 'resourceLocator',
			required: false,
			displayOptions: { show: { leadSource: ['INSTANT_FORM'] } },
		});
		const leadSource = byName(properties, 'leadSource');
		expect(leadSource.default).toBe('INSTANT_FORM');
		expect(leadSource.options?.map((o) => ('value' in o ? o.value : undefined))).toEqual(['INSTANT_FORM', 'DIRECT_MESSAGE']);
		const options = byName(properties, 'options').options as INodeProperties[];
		expect(Object.fromEntries(options.map((o) => [o.name, o.default]))).toEqual({
			dedupe: true,
			fieldMapping: {},
			simplify: true,
			verifySignature: true,
		});
	});

	it('tells the user what activation and test listening do to TikTok subscriptions', async () => {
		const notice = byName((await description()).properties, 'notice');
		expect(notice.type).toBe('notice');
		expect(notice.displayName).toMatch(/Listening for a test event adds a temporary test-URL subscription/);
		expect(notice.displayName).toMatch(/Admin role/);
	});
});

describe('TikTok Lead Form Trigger: pickers (real load-options context)', () => {
	let emu: Emulator;
	beforeAll(async () => {
		emu = await startEmulator();
	});
	afterAll(async () => {
		await emu.close();
	});
	beforeEach(() => emu.reset());

	it('lists the chosen ad account\'s instant forms, IDs as strings', async () => {
		const { advertiserId } = fixture(emu);
		const result = await runListSearch(TYPE, 'searchForms', triggerParameters(advertiserId), emulatorCredentials(emu));
		const expected = formsOf(emu.state, advertiserId).map((f) => f.page_id);
		expect(result.results.map((r) => r.value)).toEqual(expected);
		expect(emu.requestsTo('/page/get/')[0].query).toMatchObject({ advertiser_id: advertiserId });
	});

	it('lists the ad accounts the token covers', async () => {
		const { advertiserId } = fixture(emu);
		const result = await runListSearch(TYPE, 'searchAdvertisers', {}, emulatorCredentials(emu));
		expect(result.results.map((r) => r.value)).toContain(advertiserId);
		expect(emu.requestsTo('/oauth2/advertiser/get/')).toHaveLength(1);
	});
});
