import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import { tikTokApiRequestAllItems } from '../../../shared/transport';
import { readLimit, returnAllAndLimitFor, toItems, type Operation } from '../../helpers/common';

export const description: Operation['description'] = [...returnAllAndLimitFor('businessCenter', 'getAll')];

export const consumes = 'item';

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<INodeExecutionData[]> {
	const limit = readLimit(this, itemIndex);
	const list = await tikTokApiRequestAllItems.call(
		this,
		{ method: 'GET', path: '/bc/get/', itemIndex },
		{ pageSize: 50, limit },
	);
	return toItems(
		list.map((entry) => {
			const info = (entry.bc_info ?? {}) as IDataObject;
			const ext = (entry.ext_user_role ?? {}) as IDataObject;
			return {
				...info,
				bc_id: String(info.bc_id ?? ''),
				user_role: entry.user_role ?? null,
				finance_role: ext.finance_role ?? null,
			};
		}),
		itemIndex,
	);
}
