import type { FormSample } from '../../nodes/ActiveCampaign/events';

/**
 * The nested data a catalogue sample must turn into, built from the flat keys with a deliberately
 * naive, independent reading of the rules (so that it does not share the parser's bugs):
 * `a[b][c]` nests, numeric segments stay keys, `x[][k]` with several values becomes a list of
 * `{k}` objects, `x[]` a list, a repeated key a list, `list=0` next to `list[...]` moves to
 * `list_value`, and contact tags are split on commas.
 */
export function expectedNestedData(sample: FormSample): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	const shadowed: Record<string, unknown> = {};
	for (const [key, raw] of Object.entries(sample)) {
		const values = Array.isArray(raw) ? raw : [raw];
		const root = key.includes('[') ? key.slice(0, key.indexOf('[')) : key;
		const segments = [
			root,
			...Array.from(key.slice(root.length).matchAll(/\[([^\]]*)\]/g), (match) => match[1]),
		];
		if (segments.length === 1) {
			out[root] = values.length === 1 ? values[0] : values;
			continue;
		}
		if (typeof out[root] === 'string') {
			shadowed[`${root}_value`] = out[root];
			out[root] = undefined;
		}
		if (segments.length === 3 && segments[1] === '') {
			out[root] = values.map((value) => ({ [segments[2]]: value }));
			continue;
		}
		if (segments.length === 2 && segments[1] === '') {
			out[root] = values;
			continue;
		}
		let target = (out[root] ??= {}) as Record<string, unknown>;
		for (const segment of segments.slice(1, -1))
			target = (target[segment] ??= {}) as Record<string, unknown>;
		target[segments[segments.length - 1]] = values.length === 1 ? values[0] : values;
	}
	const contact = out.contact as Record<string, unknown> | undefined;
	if (contact && typeof contact.tags === 'string') {
		contact.tags = contact.tags
			.split(',')
			.map((tag) => tag.trim())
			.filter(Boolean);
	}
	return { ...out, ...shadowed };
}
