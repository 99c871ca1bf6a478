/**
 * Property / fuzz suite for the lead parser (read-only use of nodes/TikTokLeadTrigger/lead.ts and the lossless
 * JSON parse in nodes/shared/json.ts). Invariants: never throws; a refusal names no part of the body; 19-digit
 * IDs come out as their exact decimal strings wherever they sit; everything else parses exactly as JSON.parse
 * would; work is linear in the body's size.
 */
import fc from 'fast-check';
import { parseJsonLosslessIds, quoteLongIntegers } from '../../../nodes/shared/json';
import { normalizeIds, parseLeadDelivery, simplifyLead, type JsonRecord } from '../../../nodes/TikTokLeadTrigger/lead';
import { runOf, superlinear } from './linear';

/** A TikTok-style ID: 16 to 19 digits, beyond what a double holds exactly. */
const longId = fc.bigInt({ min: BigInt('1000000000000000'), max: BigInt('9223372036854775807') }).map(String);
/** JSON values whose numbers stay within 15 significant integer digits (so JSON.parse is exact for them). */
const plainJson = fc.jsonValue({ maxDepth: 4 }).filter((v) => !/\d{16,}/.test(JSON.stringify(v)));

describe('lead deliveries under random and adversarial input', () => {
	it('never throws on any text, and a refusal is a fixed sentence (no part of the body in it)', () => {
		const bodies = fc.oneof(
			fc.string({ unit: 'binary', maxLength: 200 }),
			fc.json(),
			fc.jsonValue().map((v) => JSON.stringify({ object: 1, entry: v })),
			fc.constantFrom('', '{', '{"entry":', '[]', 'null', '{"object":1}', '{"entry":{}}', '"secret"'),
		);
		fc.assert(
			fc.property(bodies, (text) => {
				const parsed = parseLeadDelivery(text);
				if (!parsed.ok) {
					expect(parsed.reason).toMatch(/^(The body is|The "entry" field|A lead notification)[^{}"]*("entry"[^{}"]*)?$/);
					expect(parsed.reason.length).toBeLessThan(120);
				} else {
					expect(Array.isArray(parsed.delivery.entries)).toBe(true);
				}
			}),
			{ numRuns: 3000 },
		);
	});

	it('keeps every 19-digit ID exact, as bare numbers anywhere in an entry', () => {
		const entry = fc.record({
			id: longId,
			advertiser_id: longId,
			page_id: longId,
			campaign_id: longId,
			ad_id: longId,
			extra: plainJson,
		});
		fc.assert(
			fc.property(fc.array(entry, { minLength: 1, maxLength: 5 }), longId, (entries, requestId) => {
				const json = JSON.stringify({ object: 1, request_id: requestId, entry: entries.map((e) => ({ ...e, extra: e.extra })) })
					// Bare numbers, as TikTok sends them: unquote every long ID this test wrote.
					.replace(/"(\d{16,19})"/g, '$1');
				const parsed = parseLeadDelivery(json);
				expect(parsed.ok).toBe(true);
				if (!parsed.ok) return;
				expect(parsed.delivery.requestId).toBe(requestId);
				parsed.delivery.entries.forEach((raw, i) => {
					const lead = simplifyLead(normalizeIds(raw as JsonRecord));
					expect(lead).toMatchObject({
						leadId: entries[i].id,
						advertiserId: entries[i].advertiser_id,
						formId: entries[i].page_id,
						campaignId: entries[i].campaign_id,
						adId: entries[i].ad_id,
					});
				});
			}),
			{ numRuns: 500 },
		);
	});

	it('parses everything else exactly as JSON.parse, strings with digits and escapes included', () => {
		const digitString = fc.array(fc.constantFrom('1', '9', '0', '"', '\\', '-', 'e', '.', ' ', 'x'), { maxLength: 40 }).map((p) => p.join(''));
		fc.assert(
			fc.property(plainJson, digitString, (value, s) => {
				const text = JSON.stringify({ value, s, digits: `${s}12345678901234567890` });
				expect(parseJsonLosslessIds(text)).toEqual(JSON.parse(text));
			}),
			{ numRuns: 2000 },
		);
	});

	// Deep nesting is left out: V8's JSON.parse itself grows super-linearly with depth (200k → 800k unclosed
	// "[": ~10×), so depth has to be bounded before parsing, by the trigger's body limits, not by this parser.
	it('does linear work on large adversarial bodies', () => {
		const shapes = fc.constantFrom(
			runOf('{"entry":[', '1234567890123456789,', '0]}'),
			runOf('{"a":"', '\\\\\\"', '"}'),
			runOf('{"a":"', '1\\"', '"}'),
			runOf('[', '-', '1]'),
			runOf('', '"', ''),
			runOf('{"a":', '1e1', '}'),
			runOf('{"object":1,"entry":[', '{"id":1234567890123456789},', '{}]}'),
		);
		fc.assert(
			fc.property(shapes, (make) => {
				for (const fn of [quoteLongIntegers, parseLeadDelivery]) {
					const growth = superlinear(fn, make, 50_000);
					if (growth) throw new Error(`${fn.name} on ${make(30)}…: ${growth.small} ms → ${growth.large} ms`);
				}
			}),
			{ numRuns: 16 },
		);
	});
});
