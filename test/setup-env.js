// n8n-core writes an encryption key to $HOME/.n8n unless it is pointed elsewhere before it loads.
const os = require('node:os');
const path = require('node:path');
const fs = require('node:fs');
if (!process.env.N8N_USER_FOLDER) {
	const dir = path.join(os.tmpdir(), `n8n-tiktok-test-${process.pid}`);
	fs.mkdirSync(dir, { recursive: true });
	process.env.N8N_USER_FOLDER = dir;
}
