import type { IDataObject } from 'n8n-workflow';

import { createTriggerHarness, emulatorCredentials } from '../../../harness';
import type { Emulator } from '../../../emulator';
import { formsOf } from '../../../emulator/routes/page';
import { liveLeadSubscriptions } from '../../../emulator/routes/subscription';

export type Harness = Awaited<ReturnType<typeof createTriggerHarness>>;

/** First seeded advertiser (ADMIN role, authorized for the seeded token) and two of its instant forms. */
export function fixture(emu: Emulator) {
	const advertiserId = [...emu.state.core.advertisers.keys()][0];
	const [formA, formB] = formsOf(emu.state, advertiserId);
	return { advertiserId, formId: formA.page_id, otherFormId: formB.page_id, formName: formA.title };
}

export function triggerParameters(advertiserId: string, formId = '', extra: IDataObject = {}): IDataObject {
	return {
		advertiserId: { __rl: true, mode: 'list', value: advertiserId },
		leadSource: 'INSTANT_FORM',
		formId: { __rl: true, mode: formId ? 'id' : 'list', value: formId },
		...extra,
	};
}

export async function newTrigger(emu: Emulator, parameters: IDataObject, credentialOverrides: IDataObject = {}) {
	return await createTriggerHarness('tikTokLeadTrigger', parameters, {
		credentials: emulatorCredentials(emu, credentialOverrides),
	});
}

/** Live subscriptions of the app, as TikTok (the emulator) holds them. */
export function live(emu: Emulator) {
	return liveLeadSubscriptions(emu.state).map((s) => ({
		id: s.subscription_id,
		url: s.callback_url,
		advertiserId: s.subscription_detail.advertiser_id,
		pageId: s.subscription_detail.page_id,
		leadSource: s.subscription_detail.lead_source,
	}));
}

/** The node's static data (the harness keeps it under node:<name>). */
export function nodeStaticData(trig: Harness): Record<string, unknown> {
	return (trig.staticData[`node:${trig.node.name}`] ?? {}) as Record<string, unknown>;
}
