import {
	campaignOptions,
	categoryIdsByName,
	categoryOptions,
	clientOptions,
} from '../../../nodes/Smartlead/transport';
import { FAKE_CAMPAIGNS, FAKE_CATEGORIES, FAKE_CLIENTS } from '../../../harness/fakes/smartlead';

describe('dropdown options from SmartLead answers', () => {
	it('campaigns: SmartLead order (newest first), labelled with status, id as value', () => {
		expect(campaignOptions(FAKE_CAMPAIGNS)).toEqual([
			{ name: 'Q1 Outreach (ACTIVE)', value: '9181', description: 'Campaign ID 9181' },
			{ name: 'Manual step test (PAUSED)', value: '377', description: 'Campaign ID 377' },
			{ name: 'Archive 2024 (ARCHIVED)', value: '120', description: 'Campaign ID 120' },
		]);
	});

	it('campaigns: unwraps {data}, skips entries without id, names nameless ones', () => {
		expect(
			campaignOptions({
				data: [{ id: 5 }, { name: 'no id' }, 'junk', { id: '6', name: ' Six ', status: '' }],
			}),
		).toEqual([
			{ name: 'Campaign 5', value: '5', description: 'Campaign ID 5' },
			{ name: 'Six', value: '6', description: 'Campaign ID 6' },
		]);
		expect(campaignOptions('<html>error</html>')).toEqual([]);
		expect(campaignOptions({ ok: true })).toEqual([]);
	});

	it('clients: sorted by name, email in the description, email as name when nameless', () => {
		expect(clientOptions([...FAKE_CLIENTS].reverse())).toEqual([
			{ name: 'Acme Agency', value: '42', description: 'ops@acme.example (ID 42)' },
			{ name: 'Beta Partners', value: '43', description: 'hello@beta.example (ID 43)' },
		]);
		expect(clientOptions([{ id: 7, email: 'x@y.z' }])).toEqual([
			{ name: 'x@y.z', value: '7', description: 'x@y.z (ID 7)' },
		]);
	});

	it('lead categories: by name (what the campaign endpoint filters on), sorted, without repeats', () => {
		expect(
			categoryOptions([...FAKE_CATEGORIES, { id: 9, name: 'Interested' }, { id: 10 }]),
		).toEqual([
			{ name: 'Hot Lead', value: 'Hot Lead', description: 'Category ID 101 (positive)' },
			{ name: 'Interested', value: 'Interested', description: 'Category ID 1 (positive)' },
			{ name: 'Meeting Booked', value: 'Meeting Booked', description: 'Category ID 3 (positive)' },
			{ name: 'Not Interested', value: 'Not Interested', description: 'Category ID 2 (negative)' },
		]);
	});

	it('maps category names to ids for the user- and client-level endpoints', () => {
		const ids = categoryIdsByName({ data: FAKE_CATEGORIES });
		expect(ids.get('Interested')).toBe(1);
		expect(ids.get('Hot Lead')).toBe(101);
		expect(ids.has('Nope')).toBe(false);
	});
});
