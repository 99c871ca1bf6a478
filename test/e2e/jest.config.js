/**
 * `npm run test:e2e`: the examples in a real n8n (installed on first run into ~/.cache, see scripts/n8n/install.ts)
 * with the package installed as a community node, driven over HTTP, plus the editor in headless Chromium.
 * One n8n for the whole suite, so one file and one worker.
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/*.test.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	maxWorkers: 1,
	// The first run installs n8n (several minutes); each test drives the real server.
	testTimeout: 300000,
	slowTestThreshold: 120,
};
