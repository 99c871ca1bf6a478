/**
 * Standalone TikTok API emulator: `npm run emulator -- --port 8089 --advertisers 250 --qps 20`.
 * Flags may also come from env: TIKTOK_EMULATOR_PORT, _ADVERTISERS, _AUTHORIZED, _SEED, _QPS.
 * Runs until Ctrl-C.
 */
import { startEmulator, API_PREFIX } from './index';
import type { EmulatorOptions } from './state';

const FLAGS: Record<string, keyof EmulatorOptions> = {
	port: 'port',
	advertisers: 'advertiserCount',
	authorized: 'authorizedAdvertiserCount',
	seed: 'seed',
	qps: 'qps',
};

function parseOptions(argv: string[], env: NodeJS.ProcessEnv): EmulatorOptions {
	const options: EmulatorOptions = {};
	for (const [flag, key] of Object.entries(FLAGS)) {
		const fromEnv = env[`TIKTOK_EMULATOR_${flag.toUpperCase()}`];
		if (fromEnv !== undefined && fromEnv !== '') options[key] = toNumber(flag, fromEnv);
	}
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--help' || arg === '-h') {
			process.stdout.write(`Usage: npm run emulator -- [${Object.keys(FLAGS).map((f) => `--${f} N`).join('] [')}]\n`);
			process.exit(0);
		}
		const m = /^--([a-z]+)(?:=(.*))?$/.exec(arg);
		const key = m && FLAGS[m[1]];
		if (!m || !key) throw new Error(`Unknown argument "${arg}". Try --help.`);
		const value = m[2] ?? argv[++i];
		if (value === undefined) throw new Error(`--${m[1]} needs a value`);
		options[key] = toNumber(m[1], value);
	}
	return options;
}

function toNumber(flag: string, value: string): number {
	const n = Number(value);
	if (!Number.isInteger(n) || n < 0) throw new Error(`--${flag} must be a non-negative integer, got "${value}"`);
	return n;
}

async function main(): Promise<void> {
	const emu = await startEmulator(parseOptions(process.argv.slice(2), process.env));
	process.stdout.write(
		[
			'TikTok API emulator is running (Ctrl-C to stop)',
			`  Base URL:      ${emu.baseUrl}   (API under ${emu.baseUrl}${API_PREFIX}/)`,
			`  App ID:        ${emu.appId}`,
			`  App secret:    ${emu.appSecret}`,
			`  Access token:  ${emu.accessToken}`,
			`  Auth code:     ${emu.authCode}   (single use, valid 1 h)`,
			`  Advertisers:   ${emu.state.core.advertisers.size}`,
			'',
		].join('\n'),
	);
	const stop = () => {
		emu.close().then(
			() => process.exit(0),
			() => process.exit(1),
		);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

main().catch((error) => {
	process.stderr.write(`emulator: ${error instanceof Error ? error.message : error}\n`);
	process.exit(1);
});
