import { NodeOperationError } from 'n8n-workflow';

import { AktifyTrigger } from '../../../nodes/Aktify/AktifyTrigger.node';
import { publishProblem } from '../../../nodes/Aktify/lifecycle';
import { fakeHookContext } from '../lib/hookContext';

const SECRET = 'a-client-secret-of-32-characters';

/** The trigger's own webhookMethods, called the way n8n calls them on publish. */
function hooks(credentials: Record<string, string>) {
	const fake = fakeHookContext({
		platform: (request) => {
			throw new Error(`Aktify has no API; the lifecycle sent ${request.method} ${request.path}`);
		},
		credentials,
		webhookUrl: 'https://n8n.example.com/webhook/0b6d/webhook',
	});
	const methods = new AktifyTrigger().webhookMethods.default;
	return {
		fake,
		checkExists: async () => await methods.checkExists.call(fake.context),
		create: async () => await methods.create.call(fake.context),
		remove: async () => await methods.delete.call(fake.context),
	};
}

describe('Aktify Trigger webhookMethods', () => {
	it('publishes with a usable client secret, without calling anything', async () => {
		const trigger = hooks({ clientSecret: SECRET, customAuth: 'none' });
		expect(await trigger.checkExists()).toBe(false);
		expect(await trigger.create()).toBe(true);
		expect(await trigger.remove()).toBe(true);
		expect(trigger.fake.sent).toEqual([]);
	});

	it('publishes with custom payload authentication and no client secret (custom payloads only)', async () => {
		const trigger = hooks({ customAuth: 'bearer', bearerToken: 'a-bearer-token' });
		expect(await trigger.create()).toBe(true);
	});

	it.each([
		[
			'no client secret and no custom payload authentication',
			{ customAuth: 'none' },
			/client secret/i,
		],
		['an empty client secret', { clientSecret: '', customAuth: 'none' }, /client secret/i],
		[
			'a client secret shorter than 16 characters',
			{ clientSecret: 'short-secret', customAuth: 'none' },
			/shorter than the 16 characters/,
		],
		[
			'a previous secret shorter than 16 characters',
			{ clientSecret: SECRET, previousClientSecret: 'old', customAuth: 'none' },
			/Previous Client Secret is shorter/,
		],
	])(
		'refuses to publish with %s, saying where the secret is',
		async (_name, credentials, problem) => {
			const trigger = hooks(credentials);
			const error = await trigger.create().catch((caught: unknown) => caught);
			expect(error).toBeInstanceOf(NodeOperationError);
			const message = (error as Error).message;
			expect(message).toMatch(problem);
			expect(message).toContain('Aktify Portal (Settings → Webhooks');
			expect(message).toContain('Aktify credential');
			// The message is shown in the editor and logged: it never carries a secret.
			for (const value of Object.values(credentials)) {
				if (typeof value === 'string' && value.length >= 3 && value !== 'none')
					expect(message).not.toContain(value);
			}
		},
	);

	it('says nothing when the credential is usable', () => {
		expect(publishProblem({ clientSecret: SECRET, customAuth: 'none' })).toBeUndefined();
		expect(publishProblem({ clientSecret: SECRET, previousClientSecret: SECRET })).toBeUndefined();
	});
});
