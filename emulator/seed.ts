/** Deterministic data for a seeded emulator: the same seed number gives the same ids, names and tokens. */

export const ADVERTISER_STATUSES = [
	'STATUS_ENABLE',
	'STATUS_DISABLE',
	'STATUS_PENDING_CONFIRM',
	'STATUS_PENDING_VERIFIED',
	'STATUS_CONFIRM_FAIL',
	'STATUS_CONFIRM_FAIL_END',
	'STATUS_PENDING_CONFIRM_MODIFY',
	'STATUS_CONFIRM_MODIFY_FAIL',
	'STATUS_LIMIT',
	'STATUS_WAIT_FOR_BPM_AUDIT',
	'STATUS_WAIT_FOR_PUBLIC_AUTH',
	'STATUS_SELF_SERVICE_UNAUDITED',
	'STATUS_CONTRACT_PENDING',
] as const;

export const ADVERTISER_ROLES = [
	'ROLE_ADVERTISER',
	'ROLE_CHILD_ADVERTISER',
	'ROLE_CHILD_AGENT',
	'ROLE_AGENT',
] as const;

export type AdvertiserStatus = (typeof ADVERTISER_STATUSES)[number];
export type AdvertiserRole = (typeof ADVERTISER_ROLES)[number];

/** An advertiser as /advertiser/info/ returns it (docs/tiktok-api-contract.md#get-advertiserinfo). */
export interface Advertiser {
	advertiser_id: string;
	name: string;
	company: string;
	status: AdvertiserStatus;
	role: AdvertiserRole;
	rejection_reason: string;
	timezone: string;
	display_timezone: string;
	currency: string;
	balance: number;
	country: string;
	industry: string;
	address: string;
	language: string;
	email: string;
	contacter: string;
	cellphone_number: string;
	telephone_number: string;
	license_no: string;
	license_url: string;
	description: string;
	create_time: number;
	advertiser_account_type: 'AUCTION' | 'RESERVATION';
	owner_bc_id: string;
	company_name_editable: boolean;
}

export type Rng = () => number;

/** mulberry32: small, fast, deterministic. */
export function createRng(seed: number): Rng {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function randomDigits(rng: Rng, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += Math.floor(rng() * 10);
	return s;
}

export function randomHex(rng: Rng, n: number): string {
	let s = '';
	for (let i = 0; i < n; i++) s += Math.floor(rng() * 16).toString(16);
	return s;
}

/** A 19-digit id that a JS number cannot hold exactly, so any lossy JSON handling shows up in tests. */
export function randomId19(rng: Rng, first = '7'): string {
	for (;;) {
		const id = first + randomDigits(rng, 18);
		if (String(Number(id)) !== id) return id;
	}
}

const MARKETS = [
	{ country: 'VN', currency: 'VND', tz: 'Etc/GMT-7', display: 'Asia/Ho_Chi_Minh', lang: 'vi', phone: '+84' },
	{ country: 'US', currency: 'USD', tz: 'Etc/GMT+5', display: 'America/New_York', lang: 'en', phone: '+1' },
	{ country: 'DE', currency: 'EUR', tz: 'Etc/GMT-1', display: 'Europe/Berlin', lang: 'de', phone: '+49' },
	{ country: 'JP', currency: 'JPY', tz: 'Etc/GMT-9', display: 'Asia/Tokyo', lang: 'ja', phone: '+81' },
	{ country: 'TH', currency: 'THB', tz: 'Etc/GMT-7', display: 'Asia/Bangkok', lang: 'th', phone: '+66' },
	{ country: 'BR', currency: 'BRL', tz: 'Etc/GMT+3', display: 'America/Sao_Paulo', lang: 'pt', phone: '+55' },
];

const NAMES: Array<[name: string, company: string]> = [
	['Phở Hà Nội – Chi nhánh Quận 1', 'Công ty TNHH Ẩm thực Hà Nội'],
	['Acme Outdoor US', 'Acme Outdoor Inc.'],
	['Müller Küchen Shop', 'Müller Küchen GmbH'],
	['東京ビューティー', '株式会社東京ビューティー'],
	['ร้านกาแฟ Bangkok', 'Bangkok Coffee Co., Ltd.'],
	['Loja São João', 'São João Comércio Ltda.'],
	['Thời trang Đà Nẵng', 'Công ty Cổ phần Thời trang Đà Nẵng'],
	['Mỹ phẩm Thiên Nhiên', 'Công ty TNHH Mỹ phẩm Thiên Nhiên Việt'],
];

function mask(value: string): string {
	return value.length <= 4 ? '****' : `${value.slice(0, 2)}****${value.slice(-2)}`;
}

export function createAdvertisers(rng: Rng, count: number, baseTime: number): Advertiser[] {
	const out: Advertiser[] = [];
	const seen = new Set<string>();
	for (let i = 0; i < count; i++) {
		const market = MARKETS[i % MARKETS.length];
		const [baseName, company] = NAMES[i % NAMES.length];
		const round = Math.floor(i / NAMES.length);
		let id = randomId19(rng);
		while (seen.has(id)) id = randomId19(rng);
		seen.add(id);
		const status = ADVERTISER_STATUSES[i % ADVERTISER_STATUSES.length];
		const phone = `${market.phone}${randomDigits(rng, 9)}`;
		out.push({
			advertiser_id: id,
			name: round ? `${baseName} #${round + 1}` : baseName,
			company,
			status,
			role: ADVERTISER_ROLES[i % ADVERTISER_ROLES.length],
			rejection_reason: status === 'STATUS_CONFIRM_FAIL' ? 'Business license is unclear.' : '-',
			timezone: market.tz,
			display_timezone: market.display,
			currency: market.currency,
			balance: Math.round(rng() * 1_000_000_00) / 100,
			country: market.country,
			industry: String(290000 + Math.floor(rng() * 9000)),
			address: `${1 + Math.floor(rng() * 200)} Main Street, ${market.display.split('/')[1].replace('_', ' ')}`,
			language: market.lang,
			email: `ad****${i}@example.com`,
			contacter: mask(company),
			cellphone_number: mask(phone),
			telephone_number: mask(phone),
			license_no: randomDigits(rng, 10),
			license_url: `https://example.invalid/license/${id}.png`,
			description: `${company} advertising account`,
			create_time: Math.floor(baseTime / 1000) - 86400 * (30 + i),
			advertiser_account_type: i % 5 === 4 ? 'RESERVATION' : 'AUCTION',
			owner_bc_id: randomId19(rng),
			company_name_editable: i % 2 === 0,
		});
	}
	return out;
}
