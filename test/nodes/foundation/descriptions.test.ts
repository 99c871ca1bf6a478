import type { INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import fixture from './fixtures/actionNodeDescriptions.json';
import { loadPackage, PACKAGE_NAME } from '../../../harness/nodeTypes';

/**
 * Saved workflows store parameter names and values only, so the editor must keep offering the same parameters,
 * defaults and conditions. The fixture is the three action nodes' descriptions as built before their operations
 * moved to one file each; these tests say a restructuring of the code kept every parameter as it was.
 */
const NODES = [
	['TikTokAdsAccount', 'tikTokAdsAccount'],
	['TikTokAudience', 'tikTokAudience'],
	['TikTokConversion', 'tikTokConversion'],
] as const;

type Description = INodeTypeDescription & { properties: INodeProperties[] };

async function loaded(name: string): Promise<Description> {
	const { nodeTypes } = await loadPackage();
	const type = nodeTypes.getByNameAndVersion(`${PACKAGE_NAME}.${name}`, 1);
	return JSON.parse(JSON.stringify(type.description)) as Description;
}

function optionValues(properties: INodeProperties[], name: string): string[] {
	const selectors = properties.filter((p) => p.name === name);
	return selectors.flatMap((p) => (p.options ?? []).map((o) => String((o as { value: unknown }).value)));
}

/** The parameters the editor lists, in order, for one resource/operation (display conditions on other fields ignored). */
function shownFor(properties: INodeProperties[], resource: string | undefined, operation: string): string[] {
	return properties
		.filter((p) => {
			const show = p.displayOptions?.show ?? {};
			if (resource !== undefined && show.resource && !show.resource.includes(resource)) return false;
			if (show.operation && !show.operation.includes(operation)) return false;
			return true;
		})
		.map((p) => JSON.stringify(p));
}

describe.each(NODES)('%s description', (className, typeName) => {
	const before = (fixture as unknown as Record<string, Description>)[className];

	it('keeps everything but the parameters as it was', async () => {
		const after: Partial<Description> = await loaded(typeName);
		const expected: Partial<Description> = { ...before };
		delete after.properties;
		delete expected.properties;
		expect(after).toEqual(expected);
	});

	it('keeps the same parameters (names, defaults, options and display conditions)', async () => {
		const after = (await loaded(typeName)).properties.map((p) => JSON.stringify(p)).sort();
		expect(after).toEqual(before.properties.map((p) => JSON.stringify(p)).sort());
	});

	it('lists the parameters of every operation in the same order', async () => {
		const after = (await loaded(typeName)).properties;
		const resources = optionValues(before.properties, 'resource');
		const operations = optionValues(before.properties, 'operation');
		expect(operations.length).toBeGreaterThan(2);
		for (const resource of resources.length ? resources : [undefined]) {
			for (const operation of operations) {
				expect([resource, operation, shownFor(after, resource, operation)]).toEqual([
					resource,
					operation,
					shownFor(before.properties, resource, operation),
				]);
			}
		}
	});
});
