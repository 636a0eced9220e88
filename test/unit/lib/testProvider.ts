import type { ProviderSpec } from '../../../nodes/shared/provider';

/**
 * A made-up platform for tests of the shared mechanics: the shared code only ever sees a spec, so
 * these tests need no real platform.
 */
export function testProvider(overrides: Partial<ProviderSpec> = {}): ProviderSpec {
	return {
		id: 'example',
		displayName: 'Example',
		nodeTypes: { trigger: 'exampleTrigger' },
		credentialType: 'exampleApi',
		catalogue: [],
		categories: ['A', 'B'],
		eventNames: ['a.one', 'b.two'],
		triggerPanel: { header: 'Listen for Example events' },
		whenDuplicateStoreUnavailable: 'deliver',
		simulator: {
			usage: '',
			panelArguments: '',
			missing: () => undefined,
			selects: () => true,
			request: (definition, url) => ({
				event: definition.name,
				variant: 'json',
				url,
				body: '{}',
				headers: {},
			}),
		},
		diagnosis: { causes: [] },
		...overrides,
	};
}
