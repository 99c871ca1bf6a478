import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { answerMetaHandshake, verifyMetaSignature } from '../../messaging';

const show = { operation: ['verifyMessenger'] };

export const description: INodeProperties[] = [
	{
		displayName:
			'Put this right after the Messenger Webhook node(s), with Raw Body on in their options. It answers Meta’s subscription check and verifies X-Hub-Signature-256; each item gets messenger.accepted and the answer for Respond to Webhook.',
		name: 'verifyMessengerNotice',
		type: 'notice',
		default: '',
		displayOptions: { show },
	},
	{
		displayName: 'Meta App Secret',
		name: 'appSecret',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		required: true,
		description: 'App secret of the Meta app that sends the webhooks (Meta for Developers → App settings → Basic)',
		displayOptions: { show },
	},
	{
		displayName: 'Verify Token',
		name: 'verifyToken',
		type: 'string',
		typeOptions: { password: true },
		default: '',
		description: 'The token you typed in Meta’s webhook settings; needed only to confirm the subscription (GET)',
		displayOptions: { show },
	},
	{
		displayName: 'Raw Body Property',
		name: 'binaryPropertyName',
		type: 'string',
		default: 'data',
		description: 'Binary property where the Webhook node puts the raw body (its Raw Body option)',
		displayOptions: { show },
	},
];

interface Verdict {
	check: 'handshake' | 'signature';
	accepted: boolean;
	status: number;
	response: string;
	reason?: string;
}

async function judge(this: IExecuteFunctions, item: INodeExecutionData, index: number): Promise<Verdict> {
	const json = item.json as IDataObject;
	const query = (json.query ?? {}) as IDataObject;
	const property = this.getNodeParameter('binaryPropertyName', index, 'data') as string;
	const hasBody = item.binary?.[property] !== undefined;
	if (!hasBody && query['hub.mode'] !== undefined) {
		const answer = answerMetaHandshake(query, String(this.getNodeParameter('verifyToken', index, '')));
		return answer.ok
			? { check: 'handshake', accepted: true, status: 200, response: answer.challenge }
			: { check: 'handshake', accepted: false, status: 403, response: 'Forbidden', reason: answer.reason };
	}
	if (!hasBody) {
		return {
			check: 'signature',
			accepted: false,
			status: 403,
			response: 'Forbidden',
			reason: `no raw body in binary property "${property}": turn on Raw Body in the Webhook node's options`,
		};
	}
	const raw = await this.helpers.getBinaryDataBuffer(index, property);
	const headers = (json.headers ?? {}) as IDataObject;
	const verdict = verifyMetaSignature(raw, headers['x-hub-signature-256'], String(this.getNodeParameter('appSecret', index, '')));
	return verdict.ok
		? { check: 'signature', accepted: true, status: 200, response: 'EVENT_RECEIVED' }
		: { check: 'signature', accepted: false, status: 403, response: 'Forbidden', reason: verdict.reason };
}

export const consumes = 'items';
/** Items that cannot be sent come back marked under Continue On Fail; what is thrown would fail them all. */
export const onError = 'throw';

/** One output item per input item, raw body dropped (it was only needed for the signature). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let index = 0; index < items.length; index++) {
		const verdict = await judge.call(this, items[index], index);
		out.push({
			json: { ...items[index].json, messenger: { ...verdict } },
			pairedItem: { item: index },
		});
	}
	return out;
}
