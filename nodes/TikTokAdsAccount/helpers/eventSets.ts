import type { IDataObject } from 'n8n-workflow';

import { toIsoTimeOrAsIs } from '../../shared/time';

/** One CRM or offline event set as Event Set operations output it, whichever operation found or created it. */
export function eventSetItem(source: 'crm' | 'offline', set: IDataObject, advertiserId: string): IDataObject {
	const item: IDataObject = {
		eventSource: source,
		eventSourceId: String(set.event_set_id ?? ''),
		name: set.name ?? '',
		...set,
		advertiserId,
		event_set_id: String(set.event_set_id ?? ''),
	};
	for (const field of ['create_time', 'update_time']) if (item[field]) item[field] = toIsoTimeOrAsIs(item[field]);
	return item;
}
