/**
 * `npm run simulate -- --url <webhook url> --secret <client secret> [options]`
 * Sends correctly signed Aktify sample events (from the event catalogue) to a URL, or unsigned
 * custom payloads with Basic, Bearer or header authentication, and prints each status code.
 */
import { parseArgs } from 'util';

import { aktifyEvents } from '../nodes/Aktify/events';
import {
	customPayloadRequest,
	signedRequest,
	type AktifyRequest,
	type CustomAuth,
} from './lib/aktifyRequests';

const usage = `Usage: npm run simulate -- --url <url> [--secret <secret>] [options]

  --url <url>            the trigger's production (or test) webhook URL
  --secret <secret>      the Aktify client secret, for signed deliveries
  --event <name|all>     one catalogue event (e.g. lead.message_received) or all (default: all)
  --version <v1|v2>      only events of this version (dnc.created exists in both)
  --custom <type>        send unsigned custom payloads instead: basic, bearer or header
  --user, --password     Basic auth credentials (with --custom basic)
  --token <token>        Bearer token (with --custom bearer)
  --header-name, --header-value   header authentication (with --custom header)
  --list                 list the catalogue events and exit`;

function customAuth(values: Record<string, string | boolean | undefined>): CustomAuth | undefined {
	const str = (key: string) => (typeof values[key] === 'string' ? (values[key] as string) : '');
	switch (values.custom) {
		case undefined:
			return undefined;
		case 'basic':
			return { type: 'basic', user: str('user'), password: str('password') };
		case 'bearer':
			return { type: 'bearer', token: str('token') };
		case 'header':
			return { type: 'header', name: str('header-name'), value: str('header-value') };
		default:
			throw new Error(`--custom must be basic, bearer or header, not "${String(values.custom)}"`);
	}
}

async function main(): Promise<number> {
	const { values } = parseArgs({
		options: {
			url: { type: 'string' },
			secret: { type: 'string' },
			event: { type: 'string', default: 'all' },
			version: { type: 'string' },
			custom: { type: 'string' },
			user: { type: 'string' },
			password: { type: 'string' },
			token: { type: 'string' },
			'header-name': { type: 'string' },
			'header-value': { type: 'string' },
			list: { type: 'boolean', default: false },
			help: { type: 'boolean', default: false },
		},
	});
	if (values.help) {
		console.log(usage);
		return 0;
	}
	if (values.list) {
		for (const event of aktifyEvents)
			console.log(
				`${event.version}  ${event.name.padEnd(30)} ${event.category.padEnd(15)} ${event.description}`,
			);
		return 0;
	}
	if (!values.url) {
		console.error(`--url is required\n\n${usage}`);
		return 2;
	}
	const auth = customAuth(values);
	if (!auth && !values.secret) {
		console.error('Give --secret for signed deliveries, or --custom for unsigned custom payloads');
		return 2;
	}
	const selected = aktifyEvents.filter(
		(event) =>
			(values.event === 'all' || event.name === values.event) &&
			(!values.version || event.version === values.version) &&
			(!auth || event.version === 'v2'),
	);
	if (selected.length === 0) {
		console.error(
			`No catalogue event matches --event ${values.event}${values.version ? ` --version ${values.version}` : ''}; try --list`,
		);
		return 2;
	}
	let failures = 0;
	for (const definition of selected) {
		const request: AktifyRequest = auth
			? customPayloadRequest(definition, auth)
			: signedRequest(definition, values.secret as string);
		const label = `${request.version.padEnd(6)} ${request.event.padEnd(30)}`;
		try {
			const response = await fetch(values.url, {
				method: 'POST',
				headers: request.headers,
				body: request.body,
			});
			const text = (await response.text()).slice(0, 160);
			if (!response.ok) failures++;
			console.log(`${label} → ${response.status} ${text}`);
		} catch (error) {
			failures++;
			console.log(`${label} → request failed: ${(error as Error).message}`);
		}
	}
	console.log(`\n${selected.length - failures} of ${selected.length} deliveries answered 2xx`);
	return failures === 0 ? 0 : 1;
}

main().then(
	(code) => process.exit(code),
	(error: Error) => {
		console.error(error.message);
		process.exit(2);
	},
);
