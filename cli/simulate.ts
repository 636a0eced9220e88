#!/usr/bin/env node
/**
 * `lead-events-simulate <provider> --url <trigger URL> [options]`: sends the provider's catalogue
 * sample events to a trigger the way the provider would (signed, or with the URL token), and prints
 * each answer. Ships in the package so that a user can try a trigger without an account:
 * `npx -p n8n-nodes-lead-events lead-events-simulate aktify --url … --secret …`.
 */
import { parseArgs } from 'util';

import { PROVIDERS } from '../nodes/providers';
import type { CustomAuthRequest, SimulatedRequest } from '../nodes/shared/simulation';
import { TOKEN_PARAMETER } from '../nodes/shared/auth/urlToken';
import { catalogueLines, planRequests, PROVIDER_IDS, providerById } from './lib/plan';

const USAGE = `Usage: lead-events-simulate <provider> --url <URL> [options]
       (in a clone of the repository: npm run simulate -- <provider> --url <URL> [options])

Providers: ${PROVIDER_IDS.join(', ')} (${PROVIDER_IDS[0]} when none is given)

  --url <url>         the trigger's Production URL, or its Test URL while n8n listens
                      (a trigger that registers its URL: the URL it registered, with its
                      ?token=…; quote it for the shell)
  --event <name|all>  one catalogue event, or all of them (default: all)
  --list              list the provider's catalogue events and exit

${PROVIDERS.map((provider) => `${provider.id}\n${provider.simulator.usage}`).join('\n\n')}

Exit code: 0 when every delivery was answered 2xx, 1 when one was not, 2 for a usage error.`;

const OPTIONS = {
	url: { type: 'string' },
	secret: { type: 'string' },
	event: { type: 'string', default: 'all' },
	version: { type: 'string' },
	custom: { type: 'string' },
	user: { type: 'string' },
	password: { type: 'string' },
	token: { type: 'string' },
	'secret-key': { type: 'string' },
	'header-name': { type: 'string' },
	'header-value': { type: 'string' },
	list: { type: 'boolean', default: false },
	help: { type: 'boolean', default: false },
} as const;

type Values = Record<string, string | boolean | undefined>;

const text = (values: Values, key: string) =>
	typeof values[key] === 'string' ? (values[key] as string) : '';

function customAuth(values: Values): CustomAuthRequest | undefined {
	switch (values.custom) {
		case undefined:
			return undefined;
		case 'basic':
			return { type: 'basic', user: text(values, 'user'), password: text(values, 'password') };
		case 'bearer':
			return { type: 'bearer', token: text(values, 'token') };
		case 'header':
			return {
				type: 'header',
				name: text(values, 'header-name'),
				value: text(values, 'header-value'),
			};
		default:
			throw new UsageError(
				`--custom must be basic, bearer or header, not "${String(values.custom)}"`,
			);
	}
}

class UsageError extends Error {}

/** The URL as printed: the token is a credential, so it never reaches the terminal or a log. */
export function maskedUrl(url: string): string {
	const parsed = new URL(url);
	if (parsed.searchParams.has(TOKEN_PARAMETER)) parsed.searchParams.set(TOKEN_PARAMETER, '***');
	return parsed.toString().replace('%2A%2A%2A', '***');
}

async function send(request: SimulatedRequest): Promise<{ ok: boolean; line: string }> {
	const label = `${request.variant.padEnd(7)} ${request.event.padEnd(30)}`;
	try {
		const response = await fetch(request.url, {
			method: 'POST',
			headers: request.headers,
			body: request.body,
		});
		const answer = (await response.text()).slice(0, 160);
		return { ok: response.ok, line: `${label} → ${response.status} ${answer}` };
	} catch (error) {
		const cause = (error as { cause?: { message?: string } }).cause?.message;
		return {
			ok: false,
			line: `${label} → request failed: ${(error as Error).message}${cause ? ` (${cause})` : ''}`,
		};
	}
}

export async function runSimulator(argv: string[]): Promise<number> {
	const { values, positionals } = parseArgs({
		args: argv,
		options: OPTIONS,
		allowPositionals: true,
	});
	if (values.help) {
		console.log(USAGE);
		return 0;
	}
	const provider = providerById(positionals[0] ?? PROVIDER_IDS[0]);
	if (positionals.length > 1 || !provider)
		throw new UsageError(
			`Unknown provider "${positionals.join(' ')}": use one of ${PROVIDER_IDS.join(', ')}`,
		);
	if (values.list) {
		for (const line of catalogueLines(provider)) console.log(line);
		return 0;
	}
	if (!values.url) throw new UsageError('--url is required');
	const plan = planRequests(provider, {
		url: values.url,
		event: values.event,
		version: values.version,
		secret: values.secret,
		token: values.token,
		secretKey: values['secret-key'],
		customAuth: customAuth(values),
	});
	if (!plan.ok) throw new UsageError(plan.message);
	console.log(
		`Sending ${plan.requests.length} ${provider.id} event(s) to ${maskedUrl(plan.requests[0].url)}\n`,
	);
	let failures = 0;
	for (const request of plan.requests) {
		const outcome = await send(request);
		if (!outcome.ok) failures++;
		console.log(outcome.line);
	}
	console.log(
		`\n${plan.requests.length - failures} of ${plan.requests.length} deliveries answered 2xx`,
	);
	return failures === 0 ? 0 : 1;
}

/** Runs the simulator and sets the process's exit code; usage errors print the usage. */
export function main(argv: string[]): Promise<void> {
	return runSimulator(argv).then(
		(code) => {
			process.exitCode = code;
		},
		(error: Error & { code?: string }) => {
			const usage = error instanceof UsageError || error.code?.startsWith('ERR_PARSE_ARGS');
			console.error(usage ? `${error.message}\n\n${USAGE}` : error.message);
			process.exitCode = 2;
		},
	);
}

if (require.main === module) void main(process.argv.slice(2));
