import type { ICredentialType, INodeProperties } from 'n8n-workflow';

/**
 * Where Suppress Duplicates keeps its keys when they must be shared by several n8n processes
 * (queue mode with more than one webhook processor). It is not an API credential: the triggers
 * test it themselves by connecting, writing and deleting a probe key (`testedBy`), because an
 * HTTP request test cannot reach Redis.
 */
export class LeadEventsRedisApi implements ICredentialType {
	name = 'leadEventsRedisApi';

	displayName = 'Lead Events Duplicate Store (Redis)';

	icon = {
		light: 'file:../icons/leadEventsRedis.svg',
		dark: 'file:../icons/leadEventsRedis.dark.svg',
	} as const;

	documentationUrl =
		'https://github.com/lead-events/n8n-nodes-lead-events/blob/main/docs/duplicates.md';

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
			description: 'Host name or IP address of the Redis server every n8n process can reach',
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 6379,
			typeOptions: { minValue: 1, maxValue: 65535 },
		},
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				'Redis database index (SELECT). Any index works; a separate one keeps these keys apart from n8n’s own queue.',
		},
		{
			displayName: 'User',
			name: 'user',
			type: 'string',
			default: '',
			description: 'ACL user name (Redis 6 or later). Leave empty for the default user.',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: 'Leave empty if the server has no password',
		},
		{
			displayName: 'SSL/TLS',
			name: 'tls',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect over TLS (the server’s certificate must be trusted by Node.js)',
		},
		{
			displayName: 'Key Prefix',
			name: 'prefix',
			type: 'string',
			default: 'n8n-lead-events:dup:',
			description:
				'Put in front of every key this package writes. Give each n8n installation that shares this Redis its own prefix (workflows copied between installations keep their IDs).',
		},
	];
}
