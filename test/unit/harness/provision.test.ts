import {
	DEFAULT_N8N_VERSION,
	harnessN8nVersion,
	installOverrides,
	n8nMajor,
} from '../../../harness/provision';

describe('the e2e harness n8n version parameter', () => {
	it('runs 2.41.1 unless LEAD_EVENTS_N8N_VERSION names another exact version', () => {
		expect(DEFAULT_N8N_VERSION).toBe('2.41.1');
		expect(harnessN8nVersion({})).toBe('2.41.1');
		expect(harnessN8nVersion({ LEAD_EVENTS_N8N_VERSION: '' })).toBe('2.41.1');
		expect(harnessN8nVersion({ LEAD_EVENTS_N8N_VERSION: ' 1.123.81 ' })).toBe('1.123.81');
	});

	it('refuses a range or a tag, naming the variable', () => {
		for (const value of ['latest', '1.x', '^1.123.81', '1.123'])
			expect(() => harnessN8nVersion({ LEAD_EVENTS_N8N_VERSION: value })).toThrow(
				`LEAD_EVENTS_N8N_VERSION must be an exact n8n version such as 2.41.1, not "${value}"`,
			);
	});

	it('overrides xlsx with a registry version for n8n 1.x only', () => {
		expect(n8nMajor('1.123.81')).toBe(1);
		expect(installOverrides('1.123.81')).toEqual({ xlsx: '0.18.5' });
		expect(installOverrides('2.41.1')).toEqual({});
	});
});
