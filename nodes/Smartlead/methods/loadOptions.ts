import type { ILoadOptionsFunctions, INodePropertyOptions } from 'n8n-workflow';

import { isPlainObject } from '../../shared/body';
import { unwrap } from '../registration';
import { smartleadRequest } from '../transport';

/** Pure mappings from SmartLead list answers to dropdown options, then the n8n loaders that use them. */

function entries(body: unknown): Array<Record<string, unknown>> {
	const value = unwrap(body);
	return Array.isArray(value) ? value.filter(isPlainObject) : [];
}

function idText(value: unknown): string | undefined {
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	if (typeof value === 'string' && value.trim() !== '') return value.trim();
	return undefined;
}

function nameOf(entry: Record<string, unknown>, fallback: string): string {
	return typeof entry.name === 'string' && entry.name.trim() !== '' ? entry.name.trim() : fallback;
}

/** Campaigns in SmartLead's order (newest first), labelled with their status. */
export function campaignOptions(body: unknown): INodePropertyOptions[] {
	return entries(body).flatMap((entry) => {
		const id = idText(entry.id);
		if (id === undefined) return [];
		const status =
			typeof entry.status === 'string' && entry.status !== '' ? ` (${entry.status})` : '';
		return [
			{
				name: `${nameOf(entry, `Campaign ${id}`)}${status}`,
				value: id,
				description: `Campaign ID ${id}`,
			},
		];
	});
}

export function clientOptions(body: unknown): INodePropertyOptions[] {
	return entries(body)
		.flatMap((entry) => {
			const id = idText(entry.id);
			if (id === undefined) return [];
			const email = typeof entry.email === 'string' && entry.email !== '' ? entry.email : undefined;
			return [
				{
					name: nameOf(entry, email ?? `Client ${id}`),
					value: id,
					description: email ? `${email} (ID ${id})` : `Client ID ${id}`,
				},
			];
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Lead categories by name: SmartLead's campaign webhooks filter by category name. */
export function categoryOptions(body: unknown): INodePropertyOptions[] {
	const seen = new Set<string>();
	return entries(body)
		.flatMap((entry) => {
			const name = typeof entry.name === 'string' ? entry.name.trim() : '';
			if (name === '' || seen.has(name)) return [];
			seen.add(name);
			const sentiment =
				typeof entry.sentiment_type === 'string' && entry.sentiment_type !== ''
					? ` (${entry.sentiment_type})`
					: '';
			return [
				{ name, value: name, description: `Category ID ${idText(entry.id) ?? '?'}${sentiment}` },
			];
		})
		.sort((a, b) => a.name.localeCompare(b.name));
}

/** Category name → id, for the user- and client-level endpoints, which filter by id. */
export function categoryIdsByName(body: unknown): Map<string, number> {
	const map = new Map<string, number>();
	for (const entry of entries(body)) {
		const id = Number(entry.id);
		if (typeof entry.name === 'string' && Number.isFinite(id) && !map.has(entry.name.trim()))
			map.set(entry.name.trim(), id);
	}
	return map;
}

export const CAMPAIGNS_PATH = '/campaigns';
export const CLIENTS_PATH = '/client';
export const CATEGORIES_PATH = '/leads/fetch-categories';

export async function getCampaigns(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CAMPAIGNS_PATH });
	return campaignOptions(response.body);
}

export async function getClients(this: ILoadOptionsFunctions): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CLIENTS_PATH });
	return clientOptions(response.body);
}

export async function getLeadCategories(
	this: ILoadOptionsFunctions,
): Promise<INodePropertyOptions[]> {
	const response = await smartleadRequest.call(this, { method: 'GET', path: CATEGORIES_PATH });
	return categoryOptions(response.body);
}
