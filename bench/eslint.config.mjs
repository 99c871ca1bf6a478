// Bench code, like test code, runs on Node in CI, never inside n8n Cloud, so it is linted with n8n's own config
// minus the Cloud runtime restrictions (node: imports, process, timers). The package code under nodes/ and
// credentials/ keeps the root eslint.config.mjs, which is n8n's strict config untouched.
import { configWithoutCloudSupport } from '@n8n/node-cli/eslint';

export default [
	...configWithoutCloudSupport,
	{
		files: ['**/*.ts'],
		rules: {
			// The runner prints its table on the console by design.
			'no-console': 'off',
			// The runner forks one process per repetition and one for the emulator, and installs n8n's own nodes
			// for the baselines with npm: spawning processes is the point of this tool, not a node's code path.
			'@n8n/community-nodes/no-dangerous-functions': 'off',
			// The built package (dist/) and n8n's nodes (outside the repo) are loaded from paths known at run time.
			'@typescript-eslint/no-require-imports': 'off',
			// Bench failures are plain errors for the runner to print; there is no n8n node to attach them to.
			'@n8n/community-nodes/require-node-api-error': 'off',
		},
	},
];
