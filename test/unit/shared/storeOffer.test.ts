import type { INodeType } from 'n8n-workflow';

import { ActiveCampaignEventsTrigger } from '../../../nodes/ActiveCampaign/ActiveCampaignEventsTrigger.node';
import { AktifyTrigger } from '../../../nodes/Aktify/AktifyTrigger.node';
import { LeadterraTrigger } from '../../../nodes/Leadterra/LeadterraTrigger.node';
import { SmartleadTrigger } from '../../../nodes/Smartlead/SmartleadTrigger.node';
import { reportRejectionsProperties } from '../../../nodes/shared/descriptions/properties';

const reportIntervalProperty = reportRejectionsProperties.find(
	(property) => property.name === 'reportIntervalMinutes',
)!;

// In this package every trigger offers the Redis duplicate store; the editions build another
// duplicateStoreOffer.ts (test/editions checks that theirs offer none).
describe.each([
	['Aktify Trigger', () => new AktifyTrigger() as INodeType],
	['Leadterra Trigger', () => new LeadterraTrigger() as INodeType],
	['SmartLead Trigger', () => new SmartleadTrigger() as INodeType],
	['ActiveCampaign Events Trigger', () => new ActiveCampaignEventsTrigger() as INodeType],
])('%s in the all-in-one package', (_name, construct) => {
	it('offers the Redis duplicate store: its choice before Options, its credential and test', () => {
		const node = construct();
		const names = node.description.properties.map((property) => property.name);
		expect(names.indexOf('duplicateStore')).toBe(names.indexOf('options') - 1);
		expect(node.description.credentials).toContainEqual({
			name: 'leadEventsRedisApi',
			required: true,
			displayOptions: { show: { duplicateStore: ['redis'] } },
			testedBy: 'leadEventsRedisApiTest',
		});
		expect(typeof node.methods?.credentialTest?.leadEventsRedisApiTest).toBe('function');
	});

	it('says that Report Rejections counts across processes with the Redis store', () => {
		const interval = construct().description.properties.find(
			(property) => property.name === 'reportIntervalMinutes',
		);
		expect(interval?.description).toMatch(/Duplicate Store set to Redis.*across all n8n processes/);
		expect(interval?.description).not.toContain('Each n8n process counts its own rejections.');
		// The shared parameter, which the editions show unchanged, names no store.
		expect(reportIntervalProperty.description).not.toMatch(/redis/i);
	});

	it('adds it once per node object, never to a shared description', () => {
		construct();
		const node = construct();
		const redis = (node.description.credentials ?? []).filter(
			(c) => c.name === 'leadEventsRedisApi',
		);
		expect(redis).toHaveLength(1);
		expect(node.description.properties.filter((p) => p.name === 'duplicateStore')).toHaveLength(1);
	});
});
