import { compileJsonPath } from '../../../nodes/TikTokConversion/helpers/parameters';

describe('compileJsonPath (fast path for plain {{ $json... }} mappings)', () => {
	it.each([
		['={{ $json.email }}', ['email']],
		['={{$json.customer.email}}', ['customer', 'email']],
		['={{ $json["e-mail"] }}', ['e-mail']],
		["={{ $json['order id'].total }}", ['order id', 'total']],
		['={{ $json.items[0].sku }}', ['items', '0', 'sku']],
	])('%s reads %j', (raw, path) => {
		expect(compileJsonPath(raw)).toEqual(path);
	});

	it.each([
		'{{ $json.email }}',
		'=x {{ $json.email }}',
		'={{ $json.email.toLowerCase() }}',
		'={{ $json.a + $json.b }}',
		'={{ $json }}',
		'={{ $("Other").item.json.email }}',
		'={{ $json.email }} {{ $json.phone }}',
		'={{ $json[key] }}',
		42,
		undefined,
	])('leaves %j to n8n', (raw) => {
		expect(compileJsonPath(raw)).toBeUndefined();
	});
});
