// Launchers (install/start a real n8n, the demo) run on a developer's Node or in CI, never inside n8n: n8n's config
// minus the Cloud runtime restrictions (node: imports, process, timers), like test/. Two community-node rules do not
// fit a launcher: starting processes (npm, n8n, the browser) is its job, and the demo's fixed local login and test
// encryption key are printed for the user on purpose, they protect nothing.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['**/*.ts'],
		rules: {
			'no-console': 'off',
			'@n8n/community-nodes/require-node-api-error': 'off',
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			'@n8n/community-nodes/no-hardcoded-secrets': 'off',
		},
	},
];
