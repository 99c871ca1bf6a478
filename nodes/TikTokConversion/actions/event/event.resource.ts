import type { INodeProperties } from 'n8n-workflow';

import { descriptionsOf, type Operation } from '../../../shared/operation';
import * as send from './send.operation';
import * as trackMessaging from './trackMessaging.operation';
import * as verifyMessenger from './verifyMessenger.operation';

/** The one resource of the Conversion node (the node has no Resource parameter). */
export const operations: Record<string, Operation> = { send, trackMessaging, verifyMessenger };

export const description: INodeProperties[] = [
	{
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	default: 'send',
	options: [
		{
			name: 'Send Event',
			value: 'send',
			action: 'Send a conversion event',
			description: 'Send one event per input item, batched up to 1,000 per request',
		},
		{
			name: 'Track Messaging Ads',
			value: 'trackMessaging',
			action: 'Track messaging ads conversions',
			description:
				'Turn Messenger and order activity into Conversation, Valid Conversation, InitiateCheckout and CompletePayment events',
		},
		{
			name: 'Verify Messenger Webhook',
			value: 'verifyMessenger',
			action: 'Verify a messenger webhook',
			description:
				'Answer Meta’s subscription check and verify X-Hub-Signature-256 before Messenger activity is trusted',
		},
	],
},
	...descriptionsOf(operations),
];
