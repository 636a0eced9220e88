import { z, type ZodTypeAny } from 'zod';

import type { Documentation, EventDefinition } from '../shared/catalogue/definitions';

/**
 * ActiveCampaign's 27 documented webhook events (facts: AC's "Webhooks" developer page). Schemas
 * describe the NESTED data this package emits (see formParser.ts), with contact tags already split
 * into a list. Only the `type` and the id of each event's main block are required; every other
 * field is optional, because AC's field tables disagree with the payloads it actually sends, and
 * every object passes unknown fields through.
 *
 * Samples are flat bracket-keyed form fields exactly as AC posts them; `encodeFormBody` turns one
 * into a raw body for fixtures, the fake API and the tests.
 */

export type FormSample = Record<string, string | string[]>;

interface ActiveCampaignEventDefinition extends EventDefinition {
	sample: FormSample;
}

const CONTACTS = 'Contacts';
const ACCOUNTS = 'Accounts';
const LISTS = 'Lists';
export const CAMPAIGNS = 'Campaigns';
const DEALS = 'Deals';
export const SMS = 'SMS';

/** Categories in the order the trigger's outputs show them. */
export const ACTIVECAMPAIGN_CATEGORIES = [CONTACTS, ACCOUNTS, LISTS, CAMPAIGNS, DEALS, SMS];

const optionalText = z.string().optional();
const id = z.string().min(1);
/** Form values are strings, but a repeated key arrives as a list of them. */
const formScalar = z.union([z.string(), z.array(z.string())]);
/** Custom fields keyed by field id (or by label, or positional `{id,key,value}` triplets: AC sends all three). */
const customFields = z.record(z.unknown()).optional();

function block(required: Record<string, ZodTypeAny>, optional: string[] = []) {
	const shape: Record<string, ZodTypeAny> = { ...required };
	for (const name of optional) shape[name] = formScalar.optional();
	return z.object(shape).passthrough();
}

const contact = block({ id, tags: z.array(z.string()).optional(), fields: customFields }, [
	'email',
	'first_name',
	'last_name',
	'phone',
	'orgname',
	'ip',
	'customer_acct_name',
]);
const account = block({ id, fields: customFields }, [
	'name',
	'account_url',
	'created_timestamp',
	'updated_timestamp',
]);
const accountContact = block({ id }, ['account', 'contact', 'job_title']);
const campaign = block({ id, message: block({}, ['id', 'subject']).optional() }, [
	'name',
	'status',
	'type',
	'recipients',
	'webcopy_url',
]);
const deal = block({ id, fields: customFields }, [
	'title',
	'create_date',
	'create_date_iso',
	'orgid',
	'orgname',
	'stageid',
	'stage_title',
	'pipelineid',
	'pipeline_title',
	'value',
	'value_raw',
	'currency',
	'currency_symbol',
	'owner',
	'owner_firstname',
	'owner_lastname',
	'contactid',
	'contact_email',
	'contact_firstname',
	'contact_lastname',
	'status',
]);
const contactTask = block({ id }, [
	'type_id',
	'title',
	'note',
	'dueDate',
	'duedate_iso',
	'edate',
	'edate_iso',
	'type_title',
]);
const dealTask = block({ id }, ['type_id', 'note', 'duedate']);
const list = block({ id }, [
	'userid',
	'name',
	'sender_addr1',
	'sender_addr2',
	'sender_city',
	'sender_zip',
	'sender_state',
	'sender_country',
	'fulladdress',
	'sender_url',
	'sender_reminder',
]);
const sms = block({ id }, ['recipient', 'successful', 'comment', 'reply', 'result', 'phone']);

/** Envelope fields; `list` is a scalar, an object (list_add) or a list (unsubscribe), depending on the event. */
const envelope = {
	url: optionalText,
	date_time: optionalText,
	initiated_from: optionalText,
	initiated_by: optionalText,
	list: z.unknown().optional(),
	list_value: formScalar.optional(),
};

function eventSchema(name: string, blocks: Record<string, ZodTypeAny>) {
	return z.object({ ...envelope, type: z.literal(name), ...blocks }).passthrough();
}

/* Sample building blocks, as AC posts them. Values exercise encoding on purpose: `&`, `+`, spaces,
   non-ASCII, empty values and custom-field ids above 20 and 100 (which `qs` would compact away). */

const DATE_TIME = '2026-02-28T07:04:13-06:00';

function envelopeSample(type: string, options: { list?: string; from?: string } = {}): FormSample {
	return {
		url: 'https://n8n.example.com/webhook/replaced-by-the-sender',
		type,
		date_time: DATE_TIME,
		initiated_from: options.from ?? 'admin',
		initiated_by: 'admin',
		list: options.list ?? '0',
	};
}

const CONTACT: FormSample = {
	'contact[id]': '42',
	'contact[email]': 'dana.lee+ac@example.com',
	'contact[first_name]': 'Dana',
	'contact[last_name]': 'Lée',
	'contact[phone]': '+1 509 555 1234',
	'contact[tags]': 'lead, webinar 2026, vip',
	'contact[orgname]': 'Lee & Partners',
	'contact[ip]': '203.0.113.7',
};
const CONTACT_FIELDS: FormSample = {
	'contact[fields][3]': 'none',
	'contact[fields][12]': 'TIER1',
	'contact[fields][105]': '||Option 1||Option 2||',
	'contact[fields][27]': '',
};
const ACCOUNT_LINK: FormSample = {
	customer_acct_name: 'Lee & Partners',
	customer_account_id: '9',
	orgname: 'Lee & Partners',
};
const ACCOUNT_LINK_ACCT: FormSample = {
	customer_acct_name: 'Lee & Partners',
	customer_acct_id: '9',
	orgname: 'Lee & Partners',
	account_id: '1000',
};
const ACCOUNT_CORE: FormSample = {
	'account[id]': '9',
	'account[name]': 'Lee & Partners',
	'account[account_url]': 'https://lee-partners.example.com',
	'account[created_timestamp]': '2026-01-10 09:30:00',
	'account[updated_timestamp]': '2026-02-28 07:04:13',
};
const ACCOUNT_LABELLED_FIELDS: FormSample = {
	'account[fields][Description]': 'Regional insurer',
	'account[fields][Address 1]': '1 Main St',
	'account[fields][City]': 'Spokane',
	'account[fields][State/Province]': 'WA',
	'account[fields][Number of Employees]': '51 - 100',
	'account[fields][Annual Revenue]': '',
};
const ACCOUNT_CONTACT: FormSample = {
	'accountContact[id]': '77',
	'accountContact[account]': '9',
	'accountContact[contact]': '42',
	'accountContact[job_title]': 'Head of Sales',
};
const CAMPAIGN: FormSample = {
	'campaign[id]': '15',
	'campaign[name]': 'Spring offer',
	'campaign[status]': '5',
	'campaign[type]': 'single',
	'campaign[recipients]': '1200',
	'campaign[message][id]': '31',
	'campaign[message][subject]': 'Your 20% spring discount',
};
const DEAL: FormSample = {
	'deal[id]': '501',
	'deal[title]': 'Lee & Partners renewal',
	'deal[create_date]': '2026-02-27 10:00:00',
	'deal[orgid]': '9',
	'deal[orgname]': 'Lee & Partners',
	'deal[stageid]': '3',
	'deal[stage_title]': 'Qualified',
	'deal[pipelineid]': '1',
	'deal[pipeline_title]': 'Sales',
	'deal[value]': '1,044,055.00',
	'deal[value_raw]': '1044055',
	'deal[currency]': 'usd',
	'deal[currency_symbol]': '$',
	'deal[owner]': '1',
	'deal[owner_firstname]': 'Sam',
	'deal[owner_lastname]': 'Rivera',
	'deal[contactid]': '42',
	'deal[contact_email]': 'dana.lee+ac@example.com',
	'deal[contact_firstname]': 'Dana',
	'deal[contact_lastname]': 'Lée',
	'deal[status]': '0',
};

interface EventSpec {
	name: string;
	category: string;
	displayName: string;
	description: string;
	documentation?: Documentation;
	blocks: Record<string, ZodTypeAny>;
	sample: FormSample;
}

function acEvent(spec: EventSpec): ActiveCampaignEventDefinition {
	return {
		name: spec.name,
		category: spec.category,
		displayName: spec.displayName,
		description: spec.description,
		documentation: spec.documentation ?? 'documented',
		schema: eventSchema(spec.name, spec.blocks),
		sample: spec.sample,
	};
}

export const activeCampaignEvents: ActiveCampaignEventDefinition[] = [
	acEvent({
		name: 'subscribe',
		category: CONTACTS,
		displayName: 'Contact Subscribed',
		description:
			'A new contact subscribed (labelled "Contact added" in ActiveCampaign; not fired during imports)',
		blocks: { contact, form: block({}, ['id']).optional() },
		sample: { ...envelopeSample('subscribe', { from: 'public' }), 'form[id]': '4', ...CONTACT },
	}),
	acEvent({
		name: 'unsubscribe',
		category: CONTACTS,
		displayName: 'Contact Unsubscribed',
		description: 'A contact unsubscribed from one or more lists',
		blocks: {
			contact,
			campaign: campaign.optional(),
			unsubscribe: block({}, ['reason']).optional(),
		},
		sample: {
			...envelopeSample('unsubscribe', { from: 'public' }),
			'list[][id]': ['3', '7'],
			'form[id]': '',
			...CAMPAIGN,
			'unsubscribe[reason]': 'Too many emails',
			...CONTACT,
			'contact[customer_acct_name]': 'Lee & Partners',
			...CONTACT_FIELDS,
			'active_subscriptions[0]': '11',
			...ACCOUNT_LINK_ACCT,
		},
	}),
	acEvent({
		name: 'update',
		category: CONTACTS,
		displayName: 'Contact Updated',
		description: "A contact's details changed",
		blocks: { contact },
		sample: { ...envelopeSample('update'), ...CONTACT, ...CONTACT_FIELDS },
	}),
	acEvent({
		name: 'subscriber_note',
		category: CONTACTS,
		displayName: 'Contact Note Added',
		description: 'A note was added to a contact',
		blocks: { contact, note: formScalar.optional() },
		sample: {
			...envelopeSample('subscriber_note'),
			note: 'Called back: wants a quote by Friday.',
			...CONTACT,
			...CONTACT_FIELDS,
		},
	}),
	acEvent({
		name: 'contact_task_add',
		category: CONTACTS,
		displayName: 'Contact Task Added',
		description: 'A task was added to a contact',
		blocks: { contact, task: contactTask },
		sample: {
			...envelopeSample('contact_task_add'),
			...CONTACT,
			...CONTACT_FIELDS,
			...ACCOUNT_LINK,
			'task[id]': '88',
			'task[type_id]': '1',
			'task[title]': 'Call back',
			'task[note]': 'Ask about the renewal',
			'task[dueDate]': '2026-03-02 09:00:00',
			'task[duedate_iso]': '2026-03-02T09:00:00-06:00',
			'task[edate]': '2026-03-02 09:30:00',
			'task[edate_iso]': '2026-03-02T09:30:00-06:00',
			'task[type_title]': 'Call',
		},
	}),
	acEvent({
		name: 'account_add',
		category: ACCOUNTS,
		displayName: 'Account Added',
		description: 'An account (company) was created',
		blocks: { account },
		sample: {
			...envelopeSample('account_add'),
			...ACCOUNT_CORE,
			'account[fields][1]': 'Insurance',
			'account[fields][22]': 'Enterprise',
		},
	}),
	acEvent({
		name: 'account_update',
		category: ACCOUNTS,
		displayName: 'Account Updated',
		description: 'An account (company) was updated',
		documentation: 'partial',
		blocks: { account },
		sample: {
			...envelopeSample('account_update'),
			...ACCOUNT_CORE,
			'account[fields][1]': 'Insurance',
			'account[fields][22]': 'Mid-market',
		},
	}),
	acEvent({
		name: 'account_contact_add',
		category: ACCOUNTS,
		displayName: 'Account Contact Added',
		description: 'A contact was linked to an account',
		blocks: { contact, account: account.optional(), accountContact },
		sample: {
			...envelopeSample('account_contact_add'),
			...CONTACT,
			...CONTACT_FIELDS,
			...ACCOUNT_LINK,
			...ACCOUNT_CORE,
			...ACCOUNT_LABELLED_FIELDS,
			...ACCOUNT_CONTACT,
		},
	}),
	acEvent({
		name: 'account_contact_update',
		category: ACCOUNTS,
		displayName: 'Account Contact Updated',
		description: "A contact's link to an account changed or was removed",
		blocks: { contact, account: account.optional(), accountContact },
		sample: {
			...envelopeSample('account_contact_update'),
			...CONTACT,
			...CONTACT_FIELDS,
			customer_acct_name: '',
			customer_account_id: '9',
			orgname: '',
			...ACCOUNT_CORE,
			...ACCOUNT_LABELLED_FIELDS,
			...ACCOUNT_CONTACT,
		},
	}),
	acEvent({
		name: 'list_add',
		category: LISTS,
		displayName: 'List Added',
		description: 'A list was created',
		blocks: { list },
		sample: {
			...envelopeSample('list_add'),
			'list[id]': '12',
			'list[userid]': '1',
			'list[name]': 'Spring 2026 leads',
			'list[sender_addr1]': '1 Main St',
			'list[sender_addr2]': '',
			'list[sender_city]': 'Spokane',
			'list[sender_zip]': '99201',
			'list[sender_state]': 'WA',
			'list[sender_country]': 'US',
			'list[fulladdress]': '1 Main St, Spokane, WA 99201, US',
			'list[sender_url]': 'https://lee-partners.example.com',
			'list[sender_reminder]': 'You signed up on our website.',
		},
	}),
	acEvent({
		name: 'sent',
		category: CAMPAIGNS,
		displayName: 'Campaign Sent',
		description: 'A campaign started sending (not fired for automation-triggered campaigns)',
		blocks: { campaign },
		sample: {
			...envelopeSample('sent', { list: '3' }),
			'campaign[id]': '15',
			'campaign[status]': '5',
			'campaign[recipients]': '1200',
			'campaign[type]': 'single',
			'campaign[webcopy_url]': 'https://lee.activehosted.com/index.php?action=social&c=15.31',
		},
	}),
	acEvent({
		name: 'open',
		category: CAMPAIGNS,
		displayName: 'Campaign Opened',
		description: 'A contact opened a campaign email',
		blocks: { campaign, contact },
		sample: {
			...envelopeSample('open', { list: '3', from: 'public' }),
			...CAMPAIGN,
			'User-Agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15',
			...CONTACT,
			'contact[customer_acct_name]': 'Lee & Partners',
			...CONTACT_FIELDS,
			...ACCOUNT_LINK_ACCT,
		},
	}),
	acEvent({
		name: 'click',
		category: CAMPAIGNS,
		displayName: 'Campaign Link Clicked',
		description: 'A contact clicked a link in a campaign',
		blocks: { campaign, contact, link: block({ id }, ['url']) },
		sample: {
			...envelopeSample('click', { list: '3', from: 'public' }),
			...CAMPAIGN,
			'link[id]': '64',
			'link[url]': 'https://lee-partners.example.com/offer?utm_source=ac&utm_campaign=spring',
			...CONTACT,
			'contact[customer_acct_name]': 'Lee & Partners',
			...CONTACT_FIELDS,
			...ACCOUNT_LINK_ACCT,
		},
	}),
	acEvent({
		name: 'reply',
		category: CAMPAIGNS,
		displayName: 'Campaign Replied',
		description: 'A contact replied to a campaign email',
		blocks: { campaign, contact, result: formScalar.optional(), message: formScalar.optional() },
		sample: {
			...envelopeSample('reply', { list: '3' }),
			'campaign[id]': '15',
			result: 'vacation',
			message:
				'From: Dana <dana.lee+ac@example.com>\r\nSubject: Out of office\r\n\r\nBack on Monday.',
			...CONTACT,
			...CONTACT_FIELDS,
		},
	}),
	acEvent({
		name: 'forward',
		category: CAMPAIGNS,
		displayName: 'Campaign Forwarded',
		description: "A contact forwarded a campaign with ActiveCampaign's forward link",
		blocks: { campaign, contact, forward: block({}, ['count']).optional() },
		sample: {
			...envelopeSample('forward', { list: '3' }),
			'campaign[id]': '15',
			'forward[count]': '2',
			...CONTACT,
			...CONTACT_FIELDS,
		},
	}),
	acEvent({
		name: 'share',
		category: CAMPAIGNS,
		displayName: 'Campaign Shared',
		description: 'A contact shared a campaign on a social network',
		blocks: {
			campaign,
			contact,
			share: block({}, ['network', 'network_id', 'content']).optional(),
		},
		sample: {
			...envelopeSample('share', { list: '3' }),
			'campaign[id]': '15',
			'share[network]': 'Facebook',
			'share[network_id]': 'dana.lee',
			'share[content]': 'Great spring offer! 20% off',
			...CONTACT,
			...CONTACT_FIELDS,
		},
	}),
	acEvent({
		name: 'bounce',
		category: CAMPAIGNS,
		displayName: 'Campaign Bounced',
		description: 'A campaign email bounced',
		blocks: { campaign, contact, bounce: block({}, ['type', 'code', 'description']).optional() },
		sample: {
			...envelopeSample('bounce', { list: '3' }),
			'campaign[id]': '15',
			'bounce[type]': 'hard',
			'bounce[code]': '5.1.1',
			'bounce[description]': 'Mailbox does not exist',
			...CONTACT,
			...CONTACT_FIELDS,
		},
	}),
	acEvent({
		name: 'deal_add',
		category: DEALS,
		displayName: 'Deal Added',
		description: 'A deal was created',
		blocks: { deal, contact: contact.optional() },
		sample: { ...envelopeSample('deal_add'), ...DEAL, ...CONTACT },
	}),
	acEvent({
		name: 'deal_update',
		category: DEALS,
		displayName: 'Deal Updated',
		description: 'A deal was changed; updated_fields names what changed',
		documentation: 'partial',
		blocks: {
			deal,
			contact: contact.optional(),
			updated_fields: z.union([z.array(z.string()), z.record(z.string()), z.string()]).optional(),
		},
		sample: {
			...envelopeSample('deal_update'),
			...DEAL,
			'updated_fields[]': ['value', 'stage'],
			...CONTACT,
		},
	}),
	acEvent({
		name: 'deal_note_add',
		category: DEALS,
		displayName: 'Deal Note Added',
		description: 'A note was added to a deal',
		blocks: { deal, note: block({ id }, ['text']) },
		sample: {
			...envelopeSample('deal_note_add'),
			...DEAL,
			'note[id]': '301',
			'note[text]': 'Budget approved: 50% now, 50% in Q3.',
		},
	}),
	acEvent({
		name: 'deal_pipeline_add',
		category: DEALS,
		displayName: 'Deal Pipeline Added',
		description: 'A deal pipeline was created',
		blocks: { pipeline: block({ id }, ['title']) },
		sample: {
			...envelopeSample('deal_pipeline_add'),
			'pipeline[id]': '2',
			'pipeline[title]': 'Partnerships',
		},
	}),
	acEvent({
		name: 'deal_stage_add',
		category: DEALS,
		displayName: 'Deal Stage Added',
		description: 'A deal stage was created',
		blocks: { stage: block({ id }, ['title', 'color']) },
		sample: {
			...envelopeSample('deal_stage_add'),
			'stage[id]': '8',
			'stage[title]': 'Negotiation',
			'stage[color]': '32B0FC',
		},
	}),
	acEvent({
		name: 'deal_task_add',
		category: DEALS,
		displayName: 'Deal Task Added',
		description: 'A task was added to a deal',
		blocks: { deal, task: dealTask },
		sample: {
			...envelopeSample('deal_task_add'),
			...DEAL,
			'task[id]': '91',
			'task[type_id]': '2',
			'task[note]': 'Send the contract',
			'task[duedate]': '2026-03-03 12:00:00',
		},
	}),
	acEvent({
		name: 'deal_tasktype_add',
		category: DEALS,
		displayName: 'Deal Task Type Added',
		description: 'A deal task type was created',
		blocks: { tasktype: block({ id }, ['title']) },
		sample: {
			...envelopeSample('deal_tasktype_add'),
			'tasktype[id]': '5',
			'tasktype[title]': 'Demo',
		},
	}),
	acEvent({
		name: 'sms_sent',
		category: SMS,
		displayName: 'SMS Sent',
		description: 'An SMS was sent to a contact',
		blocks: { contact, sms },
		sample: {
			...envelopeSample('sms_sent', { from: 'system' }),
			...CONTACT,
			...CONTACT_FIELDS,
			'sms[id]': '700',
			'sms[recipient]': '+15095551234',
			'sms[successful]': '1',
			'sms[comment]': '',
		},
	}),
	acEvent({
		name: 'sms_reply',
		category: SMS,
		displayName: 'SMS Replied',
		description: 'A contact replied to an SMS',
		blocks: { contact, sms },
		sample: {
			...envelopeSample('sms_reply', { from: 'public' }),
			...CONTACT,
			...CONTACT_FIELDS,
			'sms[id]': '701',
			'sms[reply]': 'Yes, call me at 3pm',
			'sms[result]': 'forward',
		},
	}),
	acEvent({
		name: 'sms_unsub',
		category: SMS,
		displayName: 'SMS Unsubscribed',
		description: 'A contact unsubscribed by SMS (STOP)',
		blocks: { contact, sms },
		sample: {
			...envelopeSample('sms_unsub', { from: 'public' }),
			...CONTACT,
			...CONTACT_FIELDS,
			'sms[id]': '702',
			'sms[phone]': '+15095551234',
		},
	}),
];

/** Every catalogued event name, in catalogue order: what "All Events" registers. */
export const ACTIVECAMPAIGN_EVENT_NAMES = activeCampaignEvents.map((event) => event.name);
