// Test code (emulator, engine harness, benches) runs on Node in CI, never inside n8n Cloud, so it is linted with
// n8n's own config minus the Cloud runtime restrictions (node: imports, process, timers). The package code under
// nodes/ and credentials/ keeps the root eslint.config.mjs, which is n8n's strict config untouched.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['**/*.ts'],
		rules: {
			// The emulator CLI and the benches report on the console by design.
			'no-console': 'off',
			// The emulator answers like TikTok (its own ApiError); it is not an n8n node.
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
