/** Active ISO 4217 codes (alphabetic), kept compact: TikTok refuses or mis-reads anything else. */
const ISO_4217 = new Set(
	(
		'AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN BZD ' +
		'CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP ' +
		'GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW ' +
		'KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN ' +
		'NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SLL ' +
		'SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES ' +
		'VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL'
	).split(' '),
);

/** Currencies without minor units: a separator followed by three digits can only be a thousands separator. */
const ZERO_DECIMAL = new Set(
	'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF'.split(' '),
);

export type CurrencyCheck = { ok: true; code: string | undefined } | { ok: false; reason: string };

/** Trims and upper-cases; empty means "no currency". */
export function checkCurrency(raw: unknown): CurrencyCheck {
	if (raw === undefined || raw === null) return { ok: true, code: undefined };
	if (typeof raw !== 'string') return { ok: false, reason: `Currency must be a 3-letter ISO 4217 code, got ${typeof raw}` };
	const code = raw.trim().toUpperCase();
	if (code === '') return { ok: true, code: undefined };
	if (!ISO_4217.has(code)) {
		return { ok: false, reason: `Currency "${raw.trim().slice(0, 20)}" is not an ISO 4217 code (e.g. USD, EUR, VND)` };
	}
	return { ok: true, code };
}

export function isIsoCurrency(code: string): boolean {
	return ISO_4217.has(code);
}

export function isZeroDecimalCurrency(code: string | undefined): boolean {
	return code !== undefined && ZERO_DECIMAL.has(code);
}
