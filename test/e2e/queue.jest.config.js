/**
 * `npm run test:e2e:queue`: the examples in n8n queue mode (PostgreSQL + Redis + main + two workers + webhook
 * processor, all started and removed by the suite, see scripts/n8n/queue.ts). One cluster, one file, one worker.
 */
const path = require('node:path');

/** @type {import('jest').Config} */
module.exports = {
	rootDir: path.resolve(__dirname, '..', '..'),
	testEnvironment: 'node',
	roots: ['<rootDir>/test/e2e'],
	testMatch: ['**/queue.e2e.ts'],
	transform: {
		'^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/test/tsconfig.json' }],
	},
	setupFiles: ['<rootDir>/test/setup-env.js'],
	maxWorkers: 1,
	testTimeout: 600000,
	slowTestThreshold: 300,
};
