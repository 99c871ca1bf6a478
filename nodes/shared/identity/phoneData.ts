/**
 * Phone numbering facts as compact data (ITU-T E.164 country calling codes, national trunk prefixes and
 * national significant number shapes). Written by hand for this package; libphonenumber-js is only used by
 * the tests as an oracle to check it.
 */

/** ISO 3166-1 alpha-2 → country calling code, for every assigned code that has a country. */
const ISO_CALLING_CODES =
	'AC247 AD376 AE971 AF93 AG1 AI1 AL355 AM374 AO244 AR54 AS1 AT43 AU61 AW297 AX358 AZ994 BA387 BB1 BD880 ' +
	'BE32 BF226 BG359 BH973 BI257 BJ229 BL590 BM1 BN673 BO591 BQ599 BR55 BS1 BT975 BW267 BY375 BZ501 CA1 CC61 ' +
	'CD243 CF236 CG242 CH41 CI225 CK682 CL56 CM237 CN86 CO57 CR506 CU53 CV238 CW599 CX61 CY357 CZ420 DE49 ' +
	'DJ253 DK45 DM1 DO1 DZ213 EC593 EE372 EG20 EH212 ER291 ES34 ET251 FI358 FJ679 FK500 FM691 FO298 FR33 GA241 ' +
	'GB44 GD1 GE995 GF594 GG44 GH233 GI350 GL299 GM220 GN224 GP590 GQ240 GR30 GT502 GU1 GW245 GY592 HK852 HN504 ' +
	'HR385 HT509 HU36 ID62 IE353 IL972 IM44 IN91 IO246 IQ964 IR98 IS354 IT39 JE44 JM1 JO962 JP81 KE254 KG996 ' +
	'KH855 KI686 KM269 KN1 KP850 KR82 KW965 KY1 KZ7 LA856 LB961 LC1 LI423 LK94 LR231 LS266 LT370 LU352 LV371 ' +
	'LY218 MA212 MC377 MD373 ME382 MF590 MG261 MH692 MK389 ML223 MM95 MN976 MO853 MP1 MQ596 MR222 MS1 MT356 ' +
	'MU230 MV960 MW265 MX52 MY60 MZ258 NA264 NC687 NE227 NF672 NG234 NI505 NL31 NO47 NP977 NR674 NU683 NZ64 ' +
	'OM968 PA507 PE51 PF689 PG675 PH63 PK92 PL48 PM508 PR1 PS970 PT351 PW680 PY595 QA974 RE262 RO40 RS381 RU7 ' +
	'RW250 SA966 SB677 SC248 SD249 SE46 SG65 SH290 SI386 SJ47 SK421 SL232 SM378 SN221 SO252 SR597 SS211 ST239 ' +
	'SV503 SX1 SY963 SZ268 TA290 TC1 TD235 TG228 TH66 TJ992 TK690 TL670 TM993 TN216 TO676 TR90 TT1 TV688 TW886 ' +
	'TZ255 UA380 UG256 US1 UY598 UZ998 VA39 VC1 VE58 VG1 VI1 VN84 VU678 WF681 WS685 XK383 YE967 YT262 ZA27 ' +
	'ZM260 ZW263';

/** Calling codes without a country (international freephone, satellite, networks). */
const NON_GEOGRAPHIC_CODES = '800 808 870 878 881 882 883 888 979';

/**
 * Per calling code: national trunk prefix ('' = none), possible national significant number (NSN) lengths,
 * and the NSN shape. The shape is deliberately looser than full validity (it does not know every operator
 * range) but tighter than length alone, so garbage like a 9-digit number starting with 0 is caught.
 */
const NUMBERING_PLANS = [
	'1|1|10|[2-9]\\d{2}[2-9]\\d{6}',
	'7|8|10|[3-9]\\d{9}',
	'20|0|8,9,10|1[0125]\\d{8}|[2-9]\\d{7,8}',
	'27|0|5,6,7,8,9|[1-8]\\d{8}|8\\d{4,7}',
	'31|0|9,11|[1-9]\\d{8}|97\\d{9}',
	'32|0|8,9|4[5-9]\\d{7}|[1-9]\\d{7}',
	'33|0|9|[1-9]\\d{8}',
	'34||9|[5-9]\\d{8}',
	'39||6,7,8,9,10,11|3\\d{8,10}|0\\d{5,10}',
	'40|0|9|[237]\\d{8}',
	'41|0|9|[2-9]\\d{8}',
	'44|0|10|[1-35789]\\d{9}',
	'46|0|7,8,9|7\\d{8}|[1-9]\\d{6,8}',
	'48||9|[1-9]\\d{8}',
	'49|0|5,6,7,8,9,10,11,12,13,14|1\\d{9,11}|[2-9]\\d{4,13}',
	'51|0|8,9|9\\d{8}|[1-8]\\d{7}',
	'52||10|[2-9]\\d{9}',
	'54|0|10,11|9\\d{10}|[1-8]\\d{9}',
	'55|0|10,11|[1-9]\\d(?:9\\d|\\d)\\d{7}',
	'56||9|[2-9]\\d{8}',
	'60|0|8,9,10|1\\d{8,9}|3\\d{8}|[4-9]\\d{7,8}',
	'61|0|9|[2-478]\\d{8}',
	'62|0|8,9,10,11,12|8\\d{8,11}|[2-79]\\d{7,10}',
	'63|0|9,10|9\\d{9}|[2-8]\\d{8}',
	'64|0|8,9,10|2\\d{7,9}|[3-9]\\d{7}',
	'65||8|[3689]\\d{7}',
	'66|0|8,9|[1689]\\d{8}|[2-57]\\d{7}',
	'81|0|9,10|[5-9]0\\d{8}|[1-9]\\d{8}',
	'82|0|8,9,10|1\\d{8,9}|2\\d{7,8}|[3-6]\\d{8,9}|70\\d{8}',
	'84|0|9,10|[135789]\\d{8}|2\\d{9}',
	'86|0|8,9,10,11|1[3-9]\\d{9}|(?:10|2\\d)\\d{6,8}|[3-9]\\d{9,10}',
	'90|0|10|[2-58]\\d{9}',
	'91|0|10|[1-9]\\d{9}',
	'92|0|9,10|3\\d{9}|[2-9]\\d{8,9}',
	'94|0|9|[1-9]\\d{8}',
	'95|0|8,9,10|9\\d{7,9}|[1-8]\\d{6,8}',
	'234|0|8,10,11,12,13,14|(?:20|9\\d)\\d{8}|[78]\\d{9,13}|[1-9]\\d{7}',
	'254|0|9|[17]\\d{8}|[2-6]\\d{7,8}',
	'351||9|[29]\\d{8}',
	'353|0|7,8,9|8[35-9]\\d{7}|[1-9]\\d{6,8}',
	'380|0|9|[3-9]\\d{8}',
	'420||9|[2-9]\\d{8}',
	'852||8|[2-9]\\d{7}',
	'853||8|[268]\\d{7}',
	'855|0|8,9|[1-9]\\d{7,8}',
	'856|0|8,9,10|20\\d{8}|[1-9]\\d{7,8}',
	'880|0|8,9,10|1\\d{9}|[2-9]\\d{7,9}',
	'886|0|8,9|9\\d{8}|[2-8]\\d{7,8}',
	'962|0|8,9|7\\d{8}|[2-6]\\d{7}',
	'965||8|[24-9]\\d{7}',
	'966|0|9|[15]\\d{8}',
	'968||8|[279]\\d{7}',
	'971|0|8,9|5\\d{8}|[2-46-9]\\d{7}',
	'972|0|8,9|[57]\\d{8}|[2-489]\\d{7}',
	'973||8|[136-9]\\d{7}',
	'974||8|[3-7]\\d{7}',
];

/**
 * Calling codes without a plan above whose numbers may legitimately start with 0, so a leading 0 is part of
 * the number, not a trunk prefix.
 */
const LEADING_ZERO_CODES = '225 229 241 242 378';

/** Calling codes without a plan above whose trunk prefix is not (only) 0; alternatives longest first. */
const OTHER_TRUNK_PREFIXES = '36:06 370:0/8 375:80/8/0 992:8 993:8';

export interface NumberingPlan {
	trunk: string;
	minLength: number;
	maxLength: number;
	shape: RegExp;
}

export const COUNTRY_CALLING_CODE: Readonly<Record<string, string>> = {};
export const CALLING_CODES = new Set<string>(NON_GEOGRAPHIC_CODES.split(' '));
for (const entry of ISO_CALLING_CODES.split(' ')) {
	const code = entry.slice(2);
	(COUNTRY_CALLING_CODE as Record<string, string>)[entry.slice(0, 2)] = code;
	CALLING_CODES.add(code);
}

export const PLANS = new Map<string, NumberingPlan>();
for (const line of NUMBERING_PLANS) {
	// The shape itself contains '|', so only the first three separators split fields.
	const [code, trunk, lengths, ...rest] = line.split('|');
	const shape = rest.join('|');
	const list = lengths.split(',').map(Number);
	PLANS.set(code, {
		trunk,
		minLength: list[0],
		maxLength: list[list.length - 1],
		shape: new RegExp(`^(?:${shape})$`),
	});
}

/** Trunk prefixes for codes without a plan (none when a leading 0 belongs to the number); default ['0']. */
export const GENERIC_TRUNKS = new Map<string, string[]>();
for (const code of LEADING_ZERO_CODES.split(' ')) GENERIC_TRUNKS.set(code, []);
for (const pair of OTHER_TRUNK_PREFIXES.split(' ')) {
	const [code, trunks] = pair.split(':');
	GENERIC_TRUNKS.set(code, trunks.split('/'));
}

/**
 * International access prefixes other than "00" that people dial from home (checked before "00": the
 * Australian 0011 also starts with 00). Only prefixes that no national number of that country starts with.
 */
export const OTHER_IDD: Readonly<Record<string, string>> = { '1': '011', '7': '810', '61': '0011', '81': '010' };

/** E.164: at most 15 digits including the calling code; the shortest numbers in service have 7. */
export const E164_MIN_DIGITS = 7;
export const E164_MAX_DIGITS = 15;

/**
 * Vietnam's 2018 renumbering of 11-digit mobile numbers (01xx → 0xx). CDP exports still hold the old form;
 * the subscriber is known to TikTok under the new one. Keys/values are NSN prefixes without the trunk 0.
 */
export const VN_LEGACY_MOBILE: Readonly<Record<string, string>> = {
	'120': '70', '121': '79', '122': '77', '126': '76', '128': '78',
	'123': '83', '124': '84', '125': '85', '127': '81', '129': '82',
	'162': '32', '163': '33', '164': '34', '165': '35', '166': '36', '167': '37', '168': '38', '169': '39',
	'186': '56', '188': '58', '199': '59',
};
