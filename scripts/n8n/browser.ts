/// <reference lib="dom" />
/**
 * The n8n editor in a headless Chromium (Debian's `chromium` package, driven by playwright-core): sign in, open a
 * workflow, tell known nodes from unknown ones ("?" icon, "node not installed"), search the nodes panel, and save a
 * screenshot of the canvas.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

import type { Owner } from './api';
import type { Log } from './install';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Flags for a headless Chromium as root in a container, with nothing that calls home. */
export const CHROMIUM_ARGS = [
	'--headless',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
];

function run(cmd: string, args: string[]): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, {
			stdio: ['ignore', 'ignore', 'pipe'],
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
		let stderr = '';
		child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
		child.on('error', reject);
		child.on('close', (code) =>
			code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}: ${stderr.trim().slice(-800)}`)),
		);
	});
}

/** Installs Debian's chromium when it is missing (CI starts from a fresh machine). Needs root and apt-get. */
export async function ensureChromium(log: Log = () => {}): Promise<string> {
	if (existsSync(CHROMIUM)) return CHROMIUM;
	if (process.env.CHROMIUM_PATH) throw new Error(`CHROMIUM_PATH=${CHROMIUM} does not exist`);
	if (!existsSync('/usr/bin/apt-get')) throw new Error(`${CHROMIUM} is missing and there is no apt-get to install it`);
	if (process.getuid && process.getuid() !== 0) throw new Error(`${CHROMIUM} is missing: install it with "sudo apt-get install chromium"`);
	const started = Date.now();
	log('installing Debian chromium (apt-get, about 30-120 s)');
	await run('apt-get', ['update', '-qq']);
	await run('apt-get', ['install', '-y', '-qq', 'chromium']);
	if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is still missing`);
	log(`chromium installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
	return CHROMIUM;
}

export interface CanvasNode {
	name: string;
	type: string;
	/** Icon image URL, when the node type is known and has an image icon. */
	icon: string | null;
	/** The icon image actually loaded (naturalWidth > 0). */
	iconLoaded: boolean;
	/** n8n shows "?" and "node not installed" for a node type it does not know. */
	unknown: boolean;
}

export class Editor {
	private constructor(
		private readonly browser: Browser,
		readonly page: Page,
		readonly baseUrl: string,
	) {}

	static async open(baseUrl: string, owner: Owner): Promise<Editor> {
		const executablePath = await ensureChromium();
		const browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
		try {
			const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
			await page.goto(`${baseUrl}/signin`);
			await page.fill('input[name="emailOrLdapLoginId"]', owner.email);
			await page.fill('input[name="password"]', owner.password);
			await page.click('[data-test-id="form-submit-button"]');
			await page.waitForURL((url) => !url.pathname.includes('signin'), { timeout: 30000 });
			return new Editor(browser, page, baseUrl);
		} catch (error) {
			await browser.close();
			throw error;
		}
	}

	/** Opens a workflow and waits until every node is drawn on the canvas. */
	async openWorkflow(id: string, expectedNodes: number): Promise<void> {
		await this.page.goto(`${this.baseUrl}/workflow/${id}`);
		await this.page.waitForFunction(
			(n) => document.querySelectorAll('[data-test-id="canvas-node"]').length >= n,
			expectedNodes,
			{ timeout: 30000 },
		);
		// Icons are images: wait until they finished loading (or failed) before judging them.
		await this.page.waitForFunction(
			() => Array.from(document.querySelectorAll('[data-test-id="canvas-node"] img')).every((img) => (img as HTMLImageElement).complete),
			undefined,
			{ timeout: 15000 },
		);
	}

	async canvasNodes(): Promise<CanvasNode[]> {
		return await this.page.$$eval('[data-test-id="canvas-node"]', (elements) =>
			elements.map((el) => {
				const img = el.querySelector('.n8n-node-icon img') as HTMLImageElement | null;
				const placeholder = el.querySelector('.n8n-node-icon')?.textContent?.trim() === '?';
				return {
					name: el.getAttribute('data-node-name') ?? '',
					type: el.getAttribute('data-node-type') ?? '',
					icon: img ? img.getAttribute('src') : null,
					iconLoaded: !!img && img.complete && img.naturalWidth > 0,
					unknown: placeholder || !!el.querySelector('[data-test-id="node-not-installed"]'),
				};
			}),
		);
	}

	/** Screenshot of the whole canvas: nodes zoomed to fit, side popups closed. */
	async screenshotCanvas(path: string): Promise<void> {
		mkdirSync(dirname(path), { recursive: true });
		const close = await this.page.$('[data-test-id="suggested-actions-close"]');
		if (close && (await close.isVisible())) await close.click();
		const fit = await this.page.$('[data-test-id="zoom-to-fit"]');
		if (fit) await fit.click();
		await this.page.waitForTimeout(600);
		const canvas = await this.page.$('[data-test-id="canvas-wrapper"]');
		if (canvas) await canvas.screenshot({ path });
		else await this.page.screenshot({ path });
	}

	/** Opens the nodes panel on the current workflow, searches, returns the names listed. */
	async searchNodesPanel(query: string): Promise<string[]> {
		await this.page.click('[data-test-id="node-creator-plus-button"]');
		const search = this.page.locator('[data-test-id="node-creator"] input').first();
		await search.waitFor({ timeout: 10000 });
		await search.fill(query);
		await this.page.waitForTimeout(800);
		const names = await this.page.$$eval('[data-test-id="node-creator"] [data-test-id="item-iterator-item"]', (items) =>
			items.map((item) => {
				const title = item.querySelector('[class*="title"], [class*="name"]');
				return (title?.textContent ?? item.textContent ?? '').trim();
			}),
		);
		await this.page.keyboard.press('Escape');
		return names;
	}

	async close(): Promise<void> {
		await this.browser.close();
	}
}
