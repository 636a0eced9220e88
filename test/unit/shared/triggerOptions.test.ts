import type { IWebhookFunctions } from 'n8n-workflow';

import { triggerOptions } from '../../../nodes/shared/pipeline/triggerOptions';

function context(options: object) {
	const reads: string[] = [];
	const fake = {
		getNodeParameter: (name: string) => {
			reads.push(name);
			return options;
		},
	} as unknown as IWebhookFunctions;
	return { fake, reads };
}

describe('triggerOptions', () => {
	it('reads the Options collection from n8n once per delivery context', () => {
		const first = context({ credentialCacheSeconds: 10 });
		expect(triggerOptions(first.fake)).toEqual({ credentialCacheSeconds: 10 });
		expect(triggerOptions(first.fake)).toEqual({ credentialCacheSeconds: 10 });
		expect(first.reads).toEqual(['options']);
		// The next delivery has its own context and sees the options as they are then.
		const second = context({ credentialCacheSeconds: 0 });
		expect(triggerOptions(second.fake)).toEqual({ credentialCacheSeconds: 0 });
		expect(second.reads).toEqual(['options']);
	});
});
