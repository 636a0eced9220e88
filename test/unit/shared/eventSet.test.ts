import { eventsParameter, expandEvents, sameSet } from '../../../nodes/shared/catalogue/eventSet';

const ALL = ['campaign.started', 'message.sent', 'message.bounced', 'reply.received'];

describe('expandEvents', () => {
	it('expands "All Events" and an empty selection to every event', () => {
		expect(expandEvents(['*'], ALL)).toEqual(ALL);
		expect(expandEvents([], ALL)).toEqual(ALL);
		expect(expandEvents(['reply.received', '*'], ALL)).toEqual(ALL);
	});

	it('keeps a selection in its order, without repeats', () => {
		expect(expandEvents(['reply.received', 'message.sent', 'reply.received'], ALL)).toEqual([
			'reply.received',
			'message.sent',
		]);
	});

	it('returns a copy, so callers cannot change the catalogue list', () => {
		const expanded = expandEvents(['*'], ALL);
		expanded.push('x');
		expect(ALL).toHaveLength(4);
	});
});

describe('sameSet', () => {
	it('ignores order and repeats', () => {
		expect(sameSet(['a', 'b'], ['b', 'a', 'a'])).toBe(true);
		expect(sameSet([1, 3], [3, 1])).toBe(true);
	});

	it('sees a missing or extra value, and treats undefined as empty', () => {
		expect(sameSet(['a'], ['a', 'b'])).toBe(false);
		expect(sameSet(['a', 'b'], ['a'])).toBe(false);
		expect(sameSet(undefined, [])).toBe(true);
		expect(sameSet(undefined, ['a'])).toBe(false);
	});
});

describe('eventsParameter', () => {
	it('turns what n8n hands over into a list', () => {
		expect(eventsParameter(['a', 'b'])).toEqual(['a', 'b']);
		expect(eventsParameter('a')).toEqual(['a']);
		expect(eventsParameter(undefined)).toEqual([]);
		expect(eventsParameter('')).toEqual([]);
	});
});
