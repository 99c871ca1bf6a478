import { NodeOperationError, sleep, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { withDescription } from '../../shared/operationHelpers';
import { tikTokApiRequest, tikTokCode, type TikTokResult } from '../../shared/transport';
import { COMPATIBLE_CALCULATE_TYPES, type AudienceSchema } from '../upload/plan';

export interface AudienceDetails {
	details: IDataObject;
	history: IDataObject[];
	requestId: string;
}

/** One audience with its latest history entries (/dmp/custom_audience/get/). */
export async function fetchAudience(
	this: IExecuteFunctions,
	advertiserId: string,
	audienceId: string,
	historySize = 5,
	itemIndex = 0,
): Promise<AudienceDetails> {
	let result: TikTokResult | undefined;
	let failure: unknown;
	try {
		result = await tikTokApiRequest.call(this, {
			method: 'GET',
			path: '/dmp/custom_audience/get/',
			qs: { advertiser_id: advertiserId, custom_audience_ids: [audienceId], history_size: historySize },
			itemIndex,
		});
	} catch (error) {
		failure = error;
	}
	if (!result) throw explainAudienceError(failure, advertiserId, audienceId);
	const { data, requestId } = result;
	const entry = ((data.list as IDataObject[] | undefined) ?? [])[0];
	if (!entry) {
		throw new NodeOperationError(this.getNode(), `TikTok returned no audience ${audienceId}`, {
			itemIndex,
			description: `Check that the audience exists and belongs to advertiser ${advertiserId}.`,
		});
	}
	return {
		details: (entry.audience_details as IDataObject | undefined) ?? {},
		history: (entry.audience_history as IDataObject[] | undefined) ?? [],
		requestId,
	};
}

/** TikTok answers an unknown, deleted or foreign audience ID with a bare "parameter error"; say what to check. */
export function explainAudienceError(error: unknown, advertiserId: string, audienceId: string): unknown {
	if (tikTokCode(error) !== 40002) return error;
	return withDescription(
		error,
		`Check that audience ${audienceId} exists, was not deleted, and belongs to ad account ${advertiserId}: pick it from the Audience list, or list the account's audiences with Operation: Get Many.`,
	);
}

export function describeAudience(details: IDataObject, audienceId: string): string {
	return details.name ? `"${String(details.name)}" (${audienceId})` : audienceId;
}

/** Files must carry the audience's own calculate type; a schema that cannot produce it is refused. */
export function assertCompatible(
	context: IExecuteFunctions,
	details: IDataObject,
	audienceId: string,
	schema: AudienceSchema,
): string {
	const type = details.calculate_type === undefined || details.calculate_type === null ? '' : String(details.calculate_type);
	if (!COMPATIBLE_CALCULATE_TYPES[schema].includes(type)) {
		const expected = COMPATIBLE_CALCULATE_TYPES[schema].join(' or ');
		throw new NodeOperationError(
			context.getNode(),
			`The audience ${describeAudience(details, audienceId)} holds ${type || String(details.audience_type ?? 'another kind of data')}, not ${schema} identifiers`,
			{
				description: `The Schema "${schema}" uploads ${expected} files, and TikTok only accepts files of the audience's own type. Choose the matching Schema, or pick or create an audience of that type.`,
			},
		);
	}
	return type;
}

function isExpired(details: IDataObject, now: number): boolean {
	const text = typeof details.expired_time === 'string' ? details.expired_time : '';
	const at = Date.parse(`${text.replace(' ', 'T')}Z`);
	// A day of margin: TikTok does not say which time zone expired_time is in.
	return Number.isFinite(at) && at + 86_400_000 < now;
}

/** Poll delays while waiting: 1 s doubling up to 30 s. */
export function pollDelayMs(attempt: number): number {
	return Math.min(1000 * 2 ** attempt, 30_000);
}

/**
 * TikTok refuses new files while an audience is calculating (is_valid false), typically for hours after it was
 * created or changed. Either wait (bounded) or stop with an error that names the audience and its state.
 */
export async function ensureReady(
	this: IExecuteFunctions,
	advertiserId: string,
	audienceId: string,
	first: AudienceDetails,
	wait: { enabled: boolean; maxWaitMs: number },
): Promise<AudienceDetails & { waitedMs: number; pollRequestIds: string[] }> {
	const started = Date.now();
	let current = first;
	let polls = 0;
	const pollRequestIds: string[] = [];
	for (;;) {
		const details = current.details;
		if (details.is_valid === true) return { ...current, waitedMs: Date.now() - started, pollRequestIds };
		const label = describeAudience(details, audienceId);
		if (isExpired(details, Date.now())) {
			throw new NodeOperationError(this.getNode(), `The audience ${label} has expired`, {
				description: `TikTok marks it invalid since ${String(details.expired_time)}. Create a new audience (Operation: Create) from this segment.`,
			});
		}
		const state = [
			'is_valid false',
			details.msg ? `msg "${String(details.msg)}"` : '',
			details.error_msg ? `error "${String(details.error_msg)}"` : '',
		]
			.filter(Boolean)
			.join(', ');
		const elapsed = Date.now() - started;
		if (!wait.enabled || elapsed >= wait.maxWaitMs) {
			throw new NodeOperationError(
				this.getNode(),
				wait.enabled
					? `The audience ${label} was still not ready after waiting ${Math.round(elapsed / 1000)} s (${state})`
					: `The audience ${label} is not ready: TikTok is still calculating it (${state})`,
				{
					description:
						'TikTok accepts new data only after an audience has finished calculating — often hours after it was created or last changed (push data the day after creating an audience). Run this later, for example from a Schedule Trigger at 00:00, or turn on Options > Wait for Ready.',
				},
			);
		}
		await sleep(Math.min(pollDelayMs(polls), Math.max(wait.maxWaitMs - elapsed, 0)));
		polls++;
		current = await fetchAudience.call(this, advertiserId, audienceId, 1);
		pollRequestIds.push(current.requestId);
	}
}
