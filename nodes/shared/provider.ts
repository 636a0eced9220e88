import type { TriggerPanelDefinition } from 'n8n-workflow';

import type { EventDefinition } from './catalogue/definitions';
import type { RejectionCause, RejectionEvidence } from './diagnostics/causes';
import type { WhenStoreUnavailable } from './duplicates/store';
import type { CustomAuthRequest, SimulatedRequest } from './simulation';

/**
 * What the shared code needs to know about one platform. Each provider folder exports one of these
 * (`nodes/<Provider>/provider.ts`) and `nodes/providers.ts` lists them; shared code reads a spec it
 * is handed and never names a platform itself, so a new platform is a new folder and one line.
 */
export interface ProviderSpec {
	/** Lower-case key: the simulator's argument and the docs page `docs/<id>.md`. */
	id: string;
	/** The platform as its users write it (capitals included). */
	displayName: string;
	/** n8n node type names (without the package prefix). */
	nodeTypes: { trigger: string; action?: string };
	/** n8n credential type name the trigger authenticates with. */
	credentialType: string;
	catalogue: readonly EventDefinition[];
	/** Categories in output order when the trigger routes by category. */
	categories: readonly string[];
	/** Distinct event names in catalogue order (the Events option and routing by event). */
	eventNames: readonly string[];
	triggerPanel: TriggerPanelDefinition;
	/**
	 * The answer when Suppress Duplicates cannot reach its shared store and the node option does not
	 * say: 'reject' (503) only for platforms that retry without penalty.
	 */
	whenDuplicateStoreUnavailable: WhenStoreUnavailable;
	simulator: SimulatorSpec;
	diagnosis: ProviderDiagnosis;
	/**
	 * For the docs generator: the item the trigger emits for a sample event of this category, where
	 * the platform's page shows one per category.
	 */
	exampleItem?: (category: string) => unknown;
}

/** How the platform's rejections are explained (see diagnostics/hints.ts). */
export interface ProviderDiagnosis {
	/** Every cause this platform's trigger can answer with. */
	causes: readonly RejectionCause[];
	/** The secret a signature is checked against, as the user finds it: "the Client Secret". */
	secretName?: string;
	/** Every secret a signature may match, for "matches none of …". */
	secretsName?: string;
	/** What to check that only this platform has, shown before the shared lines of the cause. */
	checks?: Partial<Record<RejectionCause, readonly string[]>>;
	/** This platform's own hint for a cause, or undefined to use the shared one for that evidence. */
	hints?: Partial<Record<RejectionCause, (evidence: RejectionEvidence) => string | undefined>>;
}

/** What the simulator may be given on the command line; each platform reads what it uses. */
export interface SimulationOptions {
	/** A signing secret, as the platform's credential names it. */
	secret?: string;
	/** The URL token, or the Bearer token of a custom payload. */
	token?: string;
	/** A secret carried in the payload itself (`secret_key`). */
	secretKey?: string;
	/** One signature scheme's events only (`v1` or `v2`), for a platform with two. */
	version?: string;
	/** Unsigned custom payloads with this authentication instead of signed events. */
	customAuth?: CustomAuthRequest;
	/** When a signed timestamp is made (tests fix it). */
	now?: number;
}

export interface SimulatorSpec {
	/** The `--help` section for this platform (without its heading). */
	usage: string;
	/** The simulator arguments the trigger panel shows (after the platform's id). */
	panelArguments: string;
	/** Why the options cannot make a request (a message naming the missing option), or undefined. */
	missing: (url: string, options: SimulationOptions) => string | undefined;
	/** Whether a catalogue event is sent with these options (e.g. one signature scheme only). */
	selects: (definition: EventDefinition, options: SimulationOptions) => boolean;
	request: (
		definition: EventDefinition,
		url: string,
		options: SimulationOptions,
	) => SimulatedRequest;
}
