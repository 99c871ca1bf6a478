// Rewrites test/nodes/foundation/fixtures/actionNodeDescriptions.json from the built package (run `npm run build`
// first): `npx ts-node --transpile-only scripts/description-fixture.ts`. Only after a deliberate change to a node's
// parameters; review the fixture's git diff, which should show exactly that change.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PackageDirectoryLoader } from 'n8n-core';

const ROOT = join(__dirname, '..');
const NODES = ['tikTokAdsAccount', 'tikTokAudience', 'tikTokConversion'];

async function main(): Promise<void> {
	const loader = new PackageDirectoryLoader(ROOT);
	await loader.loadAll();
	const out: Record<string, unknown> = {};
	for (const name of NODES) {
		const className = name[0].toUpperCase() + name.slice(1);
		out[className] = JSON.parse(JSON.stringify(loader.nodeTypes[name].type.description));
	}
	writeFileSync(join(ROOT, 'test/nodes/foundation/fixtures/actionNodeDescriptions.json'), `${JSON.stringify(out, null, '\t')}\n`);
}

void main();
