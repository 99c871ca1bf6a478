import { startEmulator, type Emulator } from '../../../emulator';
import { dropSubscription } from '../../../emulator/routes/subscription';
import { fixture, live, newTrigger, nodeStaticData, triggerParameters } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(async () => {
	await emu.close();
});
beforeEach(() => emu.reset());

describe('TikTok Lead Form Trigger: subscription lifecycle (real HookContext)', () => {
	it('activate subscribes the production URL once and stores the subscription id', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		expect(await trig.activate()).toEqual({ existed: false, created: true });

		const subs = live(emu);
		expect(subs).toEqual([
			{ id: subs[0].id, url: trig.webhookUrl(), advertiserId, pageId: formId, leadSource: 'INSTANT_FORM' },
		]);
		expect(nodeStaticData(trig)).toMatchObject({ subscriptionId: subs[0].id, callbackUrl: trig.webhookUrl() });

		const [call] = emu.requestsTo('/subscription/subscribe/');
		expect(call.body).toEqual({
			app_id: emu.appId,
			secret: emu.appSecret,
			subscribe_entity: 'LEAD',
			callback_url: trig.webhookUrl(),
			subscription_detail: {
				access_token: emu.accessToken,
				advertiser_id: advertiserId,
				page_id: formId,
				lead_source: 'INSTANT_FORM',
			},
		});
		expect(emu.requestsTo('/subscription/get/')[0].query).toMatchObject({
			app_id: emu.appId,
			secret: emu.appSecret,
			subscribe_entity: 'LEAD',
			page_size: '1000',
		});
	});

	it('without a form it subscribes the whole ad account (no page_id)', async () => {
		const { advertiserId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId));
		await trig.activate();
		expect(live(emu)).toEqual([expect.objectContaining({ advertiserId, pageId: undefined, url: trig.webhookUrl() })]);
		expect(emu.requestsTo('/subscription/subscribe/')[0].body).not.toHaveProperty('subscription_detail.page_id');
	});

	it('direct-message leads subscribe with lead_source DIRECT_MESSAGE and never a form', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId, { leadSource: 'DIRECT_MESSAGE' }));
		await trig.activate();
		expect(live(emu)).toEqual([
			expect.objectContaining({ advertiserId, pageId: undefined, leadSource: 'DIRECT_MESSAGE' }),
		]);
	});

	it('deactivate unsubscribes and forgets the id', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate();
		const id = live(emu)[0].id;
		expect(await trig.deactivate()).toBe(true);
		expect(live(emu)).toEqual([]);
		expect(emu.requestsTo('/subscription/unsubscribe/').map((r) => r.body)).toEqual([
			{ app_id: emu.appId, secret: emu.appSecret, subscription_id: id },
		]);
		expect(nodeStaticData(trig)).not.toHaveProperty('subscriptionId');
	});

	it('deactivating when TikTok already dropped the subscription succeeds without calling unsubscribe', async () => {
		const { advertiserId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId));
		await trig.activate();
		dropSubscription(emu.state, live(emu)[0].id);
		expect(await trig.deactivate()).toBe(true);
		expect(emu.requestsTo('/subscription/unsubscribe/')).toHaveLength(0);
	});

	it('activating twice keeps exactly one subscription', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate();
		const first = live(emu)[0].id;
		expect(await trig.activate()).toEqual({ existed: true, created: false });
		expect(live(emu).map((s) => s.id)).toEqual([first]);
		expect(emu.requestsTo('/subscription/subscribe/')).toHaveLength(1);
	});

	it('test listening, then activation, leaves exactly one subscription on the production URL', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));

		await trig.activate({ isTest: true });
		expect(live(emu).map((s) => s.url)).toEqual([trig.webhookUrl({ isTest: true })]);
		expect(nodeStaticData(trig)).toMatchObject({ testCallbackUrl: trig.webhookUrl({ isTest: true }) });
		expect(nodeStaticData(trig)).not.toHaveProperty('subscriptionId');

		await trig.deactivate({ isTest: true });
		expect(live(emu)).toEqual([]);

		await trig.activate();
		const subs = live(emu);
		expect(subs.map((s) => s.url)).toEqual([trig.webhookUrl()]);
		expect(nodeStaticData(trig).subscriptionId).toBe(subs[0].id);
	});

	it('activation removes a test subscription n8n never cleaned up (no orphan)', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate({ isTest: true });
		const orphan = live(emu)[0].id;
		await trig.activate();
		expect(live(emu).map((s) => s.url)).toEqual([trig.webhookUrl()]);
		expect(emu.state.subscription.removed.map((r) => r.subscription.subscription_id)).toEqual([orphan]);
	});

	it('activation removes this node\'s subscription left at an older n8n base URL', async () => {
		const { advertiserId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId));
		const oldUrl = `https://old-n8n.example.com/webhook/${trig.node.webhookId}/webhook`;
		const unrelated = 'https://old-n8n.example.com/webhook/another-node/webhook';
		for (const callback_url of [oldUrl, unrelated]) {
			const res = await fetch(`${emu.baseUrl}/open_api/v1.3/subscription/subscribe/`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({
					app_id: emu.appId,
					secret: emu.appSecret,
					subscribe_entity: 'LEAD',
					callback_url,
					subscription_detail: { access_token: emu.accessToken, advertiser_id: advertiserId },
				}),
			});
			expect(((await res.json()) as { code: number }).code).toBe(0);
		}
		await trig.activate();
		expect(live(emu).map((s) => s.url).sort()).toEqual([unrelated, trig.webhookUrl()].sort());
	});

	it('listening for a test event while active adds a temporary subscription and never touches the live one', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate();
		const prod = live(emu)[0].id;

		await trig.activate({ isTest: true });
		expect(live(emu).map((s) => s.url).sort()).toEqual([trig.webhookUrl(), trig.webhookUrl({ isTest: true })].sort());
		await trig.deactivate({ isTest: true });

		expect(live(emu).map((s) => s.id)).toEqual([prod]);
		expect(nodeStaticData(trig).subscriptionId).toBe(prod);
	});

	it('repairs a subscription TikTok reports gone (revoked token) on the next activation', async () => {
		const { advertiserId, formId } = fixture(emu);
		const oldToken = emu.createAccessToken();
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId), { accessToken: oldToken });
		await trig.activate();
		const before = live(emu)[0].id;

		emu.revokeToken(oldToken);
		expect(live(emu)).toEqual([]);
		// The owner re-authorizes: the same workflow, a new token in the credential.
		trig.credentials.tikTokAdsOAuth2Api.accessToken = emu.accessToken;
		expect(await trig.activate()).toEqual({ existed: false, created: true });

		const after = live(emu);
		expect(after).toHaveLength(1);
		expect(after[0].id).not.toBe(before);
		expect(after[0].url).toBe(trig.webhookUrl());
		expect(nodeStaticData(trig).subscriptionId).toBe(after[0].id);
		expect(emu.requestsTo('/subscription/subscribe/').at(-1)?.body).toMatchObject({
			subscription_detail: { access_token: emu.accessToken },
		});
	});

	it('changing the form replaces the old subscription instead of adding one', async () => {
		const { advertiserId, formId, otherFormId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate();
		trig.workflow.nodes[trig.node.name].parameters.formId = { __rl: true, mode: 'id', value: otherFormId };
		await trig.activate();
		expect(live(emu)).toEqual([expect.objectContaining({ pageId: otherFormId, url: trig.webhookUrl() })]);
	});

	it('removes duplicate subscriptions of this node and leaves other workflows alone', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		const other = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await other.activate();
		await trig.activate();
		// Someone (or a retried request) created the same subscription again at TikTok.
		const dup = await trig.lifecycle('create', false);
		expect(dup).toBe(true);
		expect(live(emu).filter((s) => s.url === trig.webhookUrl())).toHaveLength(2);

		await trig.activate();
		expect(live(emu).filter((s) => s.url === trig.webhookUrl())).toHaveLength(1);
		expect(live(emu).filter((s) => s.url === other.webhookUrl())).toHaveLength(1);
		await trig.deactivate();
		expect(live(emu).map((s) => s.url)).toEqual([other.webhookUrl()]);
	});

	it('adopts an identical subscription when TikTok refuses to subscribe it again', async () => {
		const { advertiserId, formId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId, formId));
		await trig.activate();
		const id = live(emu)[0].id;
		emu.injectFault('/subscription/subscribe/', { kind: 'code', code: 40002, message: 'Subscription already exists.' });
		expect(await trig.lifecycle('create', false)).toBe(true);
		expect(live(emu).map((s) => s.id)).toEqual([id]);
		expect(nodeStaticData(trig).subscriptionId).toBe(id);
	});

	it('explains a refused subscription (no ADMIN role) and leaves nothing behind', async () => {
		const operator = [...emu.state.bc.roles].find(([, role]) => role !== 'ADMIN')![0];
		const trig = await newTrigger(emu, triggerParameters(operator));
		await expect(trig.activate()).rejects.toMatchObject({
			message: expect.stringContaining('40001'),
			description: expect.stringContaining('Admin role'),
		});
		expect(live(emu)).toEqual([]);
	});

	it('refuses to activate without an advertiser, before calling TikTok', async () => {
		const trig = await newTrigger(emu, triggerParameters(''));
		await expect(trig.activate()).rejects.toThrow('No advertiser is selected');
		expect(emu.requests).toHaveLength(0);
	});

	it('talks only to the subscription endpoints while activating and deactivating', async () => {
		const { advertiserId } = fixture(emu);
		const trig = await newTrigger(emu, triggerParameters(advertiserId));
		await trig.activate();
		await trig.deactivate();
		const paths = new Set(emu.requests.map((r) => r.path));
		expect([...paths].sort()).toEqual(['/subscription/get/', '/subscription/subscribe/', '/subscription/unsubscribe/']);
	});
});
