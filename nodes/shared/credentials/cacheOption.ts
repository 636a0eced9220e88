import type { INodeProperties } from 'n8n-workflow';

import {
	DEFAULT_CREDENTIAL_LIFETIME_SECONDS,
	MAX_CREDENTIAL_LIFETIME_SECONDS,
} from './credentialCache';

/** The trigger option that sets how long the node keeps its credential between deliveries. */
export const credentialCacheOption: INodeProperties = {
	displayName: 'Credential Cache (Seconds)',
	name: 'credentialCacheSeconds',
	type: 'number',
	default: DEFAULT_CREDENTIAL_LIFETIME_SECONDS,
	typeOptions: { minValue: 0, maxValue: MAX_CREDENTIAL_LIFETIME_SECONDS },
	description:
		'How long the trigger keeps its credential in memory between deliveries, which spares n8n a credential lookup (and an expression isolate) per delivery. A delivery that fails verification is checked again against the saved credential, so a new secret works at once (within a tenth of this time while forged deliveries keep failing); a secret removed from the credential keeps verifying for up to this long. 0 reads the credential for every delivery.',
};
