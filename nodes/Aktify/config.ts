import type { IWebhookFunctions } from 'n8n-workflow';

import { readWebhookCredentials } from '../shared/credentials/readCredentials';
import type { CustomAuthConfig } from '../shared/auth/customAuth';
import { triggerOptions } from '../shared/pipeline/triggerOptions';
import { DEFAULT_TOLERANCE_MS, isUsableSecret, usableTolerance } from './auth';
import type { AktifyDeliveryConfig } from './delivery';

const AKTIFY_CREDENTIAL = 'aktifyApi';

/** The credential's fields as n8n hands them over. */
export interface AktifyCredentialData {
	clientSecret?: string;
	previousClientSecret?: string;
	customAuth?: string;
	basicUser?: string;
	basicPassword?: string;
	bearerToken?: string;
	headerName?: string;
	headerSecret?: string;
}

interface AktifyNodeOptions {
	toleranceSeconds?: unknown;
	eventFields?: string;
}

export const DEFAULT_TOLERANCE_SECONDS = DEFAULT_TOLERANCE_MS / 1000;
export const DEFAULT_EVENT_FIELDS = 'eventType, event';
const MIN_SECRET_LENGTH = 16;

/**
 * Signature Tolerance (Seconds) as a window in ms. 0 turns the time check off on purpose; a value
 * that is not a finite number of at least 0 (an expression that gave NaN, a negative number) falls
 * back to the default, so a mistake never turns the check off silently.
 */
export function toleranceMs(seconds: unknown): number {
	if (typeof seconds === 'string' && seconds.trim() === '') return DEFAULT_TOLERANCE_MS;
	const value = typeof seconds === 'string' ? Number(seconds) : seconds;
	return usableTolerance(typeof value === 'number' ? value * 1000 : undefined);
}

function customAuthFrom(data: AktifyCredentialData): CustomAuthConfig {
	switch (data.customAuth) {
		case 'basic':
			return { type: 'basic', user: data.basicUser ?? '', password: data.basicPassword ?? '' };
		case 'bearer':
			return { type: 'bearer', token: data.bearerToken ?? '' };
		case 'header':
			return {
				type: 'header',
				name: (data.headerName ?? '').trim(),
				value: data.headerSecret ?? '',
			};
		default:
			return { type: 'none' };
	}
}

export function deliveryConfig(
	data: AktifyCredentialData,
	options: AktifyNodeOptions,
): AktifyDeliveryConfig {
	return {
		// A whitespace-only secret is no secret: with no other, signed deliveries fail closed.
		secrets: [data.clientSecret, data.previousClientSecret].filter(
			(secret): secret is string => typeof secret === 'string' && isUsableSecret(secret),
		),
		customAuth: customAuthFrom(data),
		toleranceMs: toleranceMs(options.toleranceSeconds),
		eventFields: (options.eventFields ?? DEFAULT_EVENT_FIELDS)
			.split(',')
			.map((field) => field.trim())
			.filter((field) => field !== ''),
	};
}

/** The delivery config of the trigger `webhook()` runs in: its credential and its options. */
export async function readDeliveryConfig(
	context: IWebhookFunctions,
): Promise<AktifyDeliveryConfig> {
	const credentials = await readWebhookCredentials(context, AKTIFY_CREDENTIAL);
	return deliveryConfig(
		credentials as AktifyCredentialData,
		triggerOptions<AktifyNodeOptions>(context),
	);
}

/** Problems with a credential, phrased for the credential dialog; empty when it is usable. */
export function credentialProblems(data: AktifyCredentialData): string[] {
	const problems: string[] = [];
	const config = deliveryConfig(data, {});
	if (config.secrets.length === 0 && config.customAuth.type === 'none') {
		problems.push(
			'Enter the client secret from the Aktify Portal, or configure custom payload authentication',
		);
	}
	for (const [label, secret] of [
		['Client Secret', data.clientSecret],
		['Previous Client Secret', data.previousClientSecret],
	] as const) {
		if (secret && secret.length < MIN_SECRET_LENGTH) {
			problems.push(`${label} is shorter than the ${MIN_SECRET_LENGTH} characters Aktify requires`);
		}
	}
	if (
		config.customAuth.type === 'header' &&
		(config.customAuth.name === '' || config.customAuth.value === '')
	) {
		problems.push('Custom payload header authentication needs both a header name and a value');
	}
	if (config.customAuth.type === 'bearer' && config.customAuth.token === '') {
		problems.push('Custom payload Bearer authentication needs a token');
	}
	if (
		config.customAuth.type === 'basic' &&
		(config.customAuth.user === '' || config.customAuth.password === '')
	) {
		problems.push('Custom payload Basic authentication needs a username and a password');
	}
	return problems;
}
