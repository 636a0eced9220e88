import { Redis } from 'ioredis';

import {
	redisSettingsFromCredential,
	type RedisConnectionSettings,
	type RedisStoreSettings,
} from '../../../nodes/shared/duplicates/store';

/** Store settings from credential fields, as the trigger builds them; `tune` adjusts timeouts. */
export function settingsFrom(
	data: Record<string, unknown>,
	tune: Partial<RedisConnectionSettings> = {},
): RedisStoreSettings {
	const settings = redisSettingsFromCredential(data);
	if ('invalid' in settings) throw new Error(settings.invalid);
	return { ...settings, connection: { ...settings.connection, ...tune } };
}

/** A plain client for a test to look inside a server; closed by `closeAdmins()`. */
const admins: Redis[] = [];
export function admin(port: number, db = 0, password?: string): Redis {
	const client = new Redis({ host: '127.0.0.1', port, db, password, maxRetriesPerRequest: 1 });
	client.on('error', () => undefined);
	admins.push(client);
	return client;
}

export function closeAdmins(): void {
	for (const client of admins.splice(0)) client.disconnect();
}

/** Connections a server holds that the store opened (it names them `n8n-lead-events-dedupe`). */
export async function storeConnections(port: number, password?: string): Promise<number> {
	const list = (await admin(port, 0, password).call('CLIENT', 'LIST')) as string;
	return list.split('\n').filter((line) => line.includes('name=n8n-lead-events-dedupe')).length;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const T0 = Date.UTC(2026, 0, 1);
