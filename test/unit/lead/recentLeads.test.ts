import {
	dedupeLeads,
	readRecentLeadIds,
	RECENT_LEAD_IDS_LIMIT,
	rememberLeadIds,
} from '../../../nodes/shared/leads/recentLeads';

const idOf = (lead: { id?: string }) => lead.id ?? null;

describe('recent lead IDs window', () => {
	it('passes new leads and remembers their IDs', () => {
		const result = dedupeLeads([{ id: 'a' }, { id: 'b' }], idOf, []);
		expect(result.fresh).toEqual([{ id: 'a' }, { id: 'b' }]);
		expect(result.duplicates).toBe(0);
		expect(result.recent).toEqual(['a', 'b']);
	});

	it('drops leads seen in an earlier delivery and repeats inside one delivery', () => {
		const result = dedupeLeads([{ id: 'a' }, { id: 'c' }, { id: 'c' }], idOf, ['a', 'b']);
		expect(result.fresh).toEqual([{ id: 'c' }]);
		expect(result.duplicates).toBe(2);
		expect(result.recent).toEqual(['a', 'b', 'c']);
	});

	it('withholds leads without an ID and counts them (they could never be recognised again)', () => {
		const result = dedupeLeads([{}, { id: 'a' }, {}], idOf, []);
		expect(result.fresh).toEqual([{ id: 'a' }]);
		expect(result.withoutId).toBe(2);
		expect(result.recent).toEqual(['a']);
	});

	it('is bounded and forgets the oldest IDs first', () => {
		const recent = rememberLeadIds(['1', '2', '3'], ['4', '5'], 4);
		expect(recent).toEqual(['2', '3', '4', '5']);
		const full = Array.from({ length: RECENT_LEAD_IDS_LIMIT }, (_, i) => `old${i}`);
		const result = dedupeLeads(
			Array.from({ length: 1000 }, (_, i) => ({ id: `new${i}` })),
			idOf,
			full,
		);
		// The README promises the last 5,000 lead IDs; the test must fail if the limit moves without it.
		expect(RECENT_LEAD_IDS_LIMIT).toBe(5000);
		expect(result.recent).toHaveLength(RECENT_LEAD_IDS_LIMIT);
		expect(result.recent[0]).toBe('old1000');
		expect(result.recent[RECENT_LEAD_IDS_LIMIT - 1]).toBe('new999');
		// The forgotten ID is accepted again; a remembered one is not.
		const again = dedupeLeads([{ id: 'old0' }, { id: 'old1000' }], idOf, result.recent);
		expect(again.fresh).toEqual([{ id: 'old0' }]);
	});

	it('does not change the window it was given', () => {
		const recent = Object.freeze(['a']);
		dedupeLeads([{ id: 'b' }], idOf, recent);
		expect(recent).toEqual(['a']);
	});

	it('reads whatever static data holds without crashing', () => {
		expect(readRecentLeadIds(undefined)).toEqual([]);
		expect(readRecentLeadIds('a,b')).toEqual([]);
		expect(readRecentLeadIds(['a', 3, null, '', 'b'])).toEqual(['a', 'b']);
	});
});
