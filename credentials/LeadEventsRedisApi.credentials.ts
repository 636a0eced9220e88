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
			displayName: 'Topology',
			name: 'topology',
			type: 'options',
			default: 'standalone',
			options: [
				{
					name: 'Standalone',
					value: 'standalone',
					description: 'One Redis server (or a managed endpoint that hides its replicas)',
				},
				{
					name: 'Sentinel',
					value: 'sentinel',
					description: 'A master and replicas watched by Redis Sentinel; fails over to a replica',
				},
				{
					name: 'Cluster',
					value: 'cluster',
					description: 'Redis Cluster: keys spread over several masters',
				},
			],
		},
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: 'localhost',
			required: true,
			description: 'Host name or IP address of the Redis server every n8n process can reach',
			displayOptions: { show: { topology: ['standalone'] } },
		},
		{
			displayName: 'Port',
			name: 'port',
			type: 'number',
			default: 6379,
			typeOptions: { minValue: 1, maxValue: 65535 },
			displayOptions: { show: { topology: ['standalone'] } },
		},
		{
			displayName: 'Sentinel Nodes',
			name: 'sentinelNodes',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'sentinel-1:26379,sentinel-2:26379,sentinel-3:26379',
			description:
				'The Sentinels as host:port, separated by commas. A port left out is 26379; write an IPv6 address in brackets.',
			displayOptions: { show: { topology: ['sentinel'] } },
		},
		{
			displayName: 'Sentinel Master Name',
			name: 'sentinelMasterName',
			type: 'string',
			default: 'mymaster',
			required: true,
			description: 'The name the Sentinels monitor the master under (`sentinel monitor <name> …`)',
			displayOptions: { show: { topology: ['sentinel'] } },
		},
		{
			displayName: 'Sentinel User',
			name: 'sentinelUser',
			type: 'string',
			default: '',
			description: 'ACL user of the Sentinels themselves. Leave empty if they need none.',
			displayOptions: { show: { topology: ['sentinel'] } },
		},
		{
			displayName: 'Sentinel Password',
			name: 'sentinelPassword',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				'Password of the Sentinels themselves (`requirepass` in sentinel.conf). Leave empty if they need none.',
			displayOptions: { show: { topology: ['sentinel'] } },
		},
		{
			displayName: 'Cluster Nodes',
			name: 'clusterNodes',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'redis-1:6379,redis-2:6379,redis-3:6379',
			description:
				'Some or all nodes of the Cluster as host:port, separated by commas (the same form as n8n’s QUEUE_BULL_REDIS_CLUSTER_NODES). The rest are found from them.',
			displayOptions: { show: { topology: ['cluster'] } },
		},
		{
			displayName: 'Database Number',
			name: 'database',
			type: 'number',
			default: 0,
			typeOptions: { minValue: 0 },
			description:
				'Redis database index (SELECT). Any index works; a separate one keeps these keys apart from n8n’s own queue. A Cluster has only database 0.',
			displayOptions: { show: { topology: ['standalone', 'sentinel'] } },
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
			description: 'Whether to connect over TLS',
		},
		{
			displayName: 'CA Certificate',
			name: 'tlsCa',
			type: 'string',
			typeOptions: { rows: 4 },
			default: '',
			placeholder: '-----BEGIN CERTIFICATE-----',
			description:
				'PEM certificate(s) of the authority that signed the server’s certificate, if Node.js does not already trust it (a private CA). Leave empty to use Node.js’s list.',
			displayOptions: { show: { tls: [true] } },
		},
		{
			displayName: 'Ignore TLS Errors (Insecure)',
			name: 'tlsIgnoreErrors',
			type: 'boolean',
			default: false,
			description:
				'Whether to accept any server certificate, even self-signed or for another host name. Anyone between n8n and Redis could then read and change the traffic: use only for tests.',
			displayOptions: { show: { tls: [true] } },
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
