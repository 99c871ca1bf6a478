// Runs on Node (tests, bench, `npm run emulator`, the e2e stack), never inside n8n Cloud: linted like test/.
export { default } from '../test/eslint.config.mjs';
