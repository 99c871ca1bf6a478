/** Wall-clock times in IANA time zones, via Intl so runtime code needs no date library. Pure. */

/** Offset (ms) of an IANA zone at an instant; undefined for an unknown zone. */
export function zoneOffsetMs(instantMs: number, timeZone: string): number | undefined {
	let parts: Intl.DateTimeFormatPart[];
	try {
		parts = new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			year: 'numeric',
			month: 'numeric',
			day: 'numeric',
			hour: 'numeric',
			minute: 'numeric',
			second: 'numeric',
		}).formatToParts(new Date(instantMs));
	} catch {
		return undefined;
	}
	const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
	const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
	return wall - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant (ms) of a wall-clock time (given as if it were UTC) in an IANA zone; undefined for an unknown zone.
 * The offset is read again at the corrected instant so wall times next to a DST change land right.
 */
export function wallTimeInZone(wallMs: number, timeZone: string): number | undefined {
	const first = zoneOffsetMs(wallMs, timeZone);
	if (first === undefined) return undefined;
	return wallMs - (zoneOffsetMs(wallMs - first, timeZone) ?? first);
}
