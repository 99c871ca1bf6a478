import { join } from 'node:path';

import type { ICredentialType, INodeProperties, INodeType } from 'n8n-workflow';

import pkg from '../../../package.json';

const ROOT = join(__dirname, '../../..');
const MAX_NOTICE = 250;

/** Every node and credential the package lists, loaded from source (dist/x.js → x.ts), so no build is needed. */
const FILES = [...pkg.n8n.nodes, ...pkg.n8n.credentials].map((built) => built.replace(/^dist\//, '').replace(/\.js$/, '.ts'));

async function propertiesOf(file: string): Promise<INodeProperties[]> {
	const exports = (await import(join(ROOT, file))) as Record<string, new () => INodeType | ICredentialType>;
	return Object.values(exports).flatMap((Type) => {
		const instance = new Type();
		return 'description' in instance ? instance.description.properties : instance.properties;
	});
}

/** Notices at any depth: top level, inside collections and inside fixed collections. */
function notices(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => {
		const options = (property.options ?? []) as Array<Partial<INodeProperties> & { values?: INodeProperties[] }>;
		return [
			...(property.type === 'notice' ? [property] : []),
			...notices(options.filter((option): option is INodeProperties => typeof option.type === 'string')),
			...options.flatMap((option) => notices(option.values ?? [])),
		];
	});
}

describe('editor notices', () => {
	let all: Array<{ file: string; notice: INodeProperties }>;

	beforeAll(async () => {
		all = [];
		for (const file of FILES) for (const notice of notices(await propertiesOf(file))) all.push({ file, notice });
	});

	it('are found in every node and the credential (so the length check has something to check)', () => {
		expect(FILES).toHaveLength(6);
		expect([...new Set(all.map(({ file }) => file))].sort()).toEqual([...FILES].sort());
	});

	it(`are at most ${MAX_NOTICE} characters each (details belong in the README or a parameter hint)`, () => {
		const long = all
			.filter(({ notice }) => notice.displayName.length > MAX_NOTICE)
			.map(({ file, notice }) => `${file} ${notice.name}: ${notice.displayName.length}`);
		expect(long).toEqual([]);
	});
});
