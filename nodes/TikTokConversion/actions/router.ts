import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

import * as send from './event/send.operation';
import * as trackMessaging from './event/trackMessaging.operation';
import * as verifyMessenger from './event/verifyMessenger.operation';

type OperationExecute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

/** One entry per operation; each operation file exports `description` and `execute`. */
const operations: Record<string, OperationExecute> = {
	send: send.execute,
	trackMessaging: trackMessaging.execute,
	verifyMessenger: verifyMessenger.execute,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
			description: 'Pick an operation from the list.',
		});
	}
	return [await execute.call(this, this.getInputData())];
}
