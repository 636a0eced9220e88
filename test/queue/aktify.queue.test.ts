import { AKTIFY_CATEGORIES, aktifyEvents } from '../../nodes/Aktify/events';
import { signedRequest } from '../../nodes/Aktify/simulation';
import { triggerOutputs, type ExecutionSummary } from '../../harness/client';
import {
	ensureRunning,
	WORKER,
	loadState,
	mainClient,
	processorClients,
	seconds,
} from '../../harness/queue';
import { tail } from '../../harness/instance';
import { SECRET, deployAktify, settledRows, type DeployedAktify } from './lib/aktify';

const state = loadState();
const main = mainClient(state);
const processors = processorClients(state);

/** The single item of an execution with the output it left through, minus the receive time. */
function placed(execution: ExecutionSummary, node: string) {
	const outputs = triggerOutputs(execution, node);
	const filled = outputs.flatMap((items, output) => items.map((item) => ({ output, item })));
	expect(filled).toHaveLength(1);
	const { receivedAt, ...item } = filled[0].item;
	expect(typeof receivedAt).toBe('string');
	return { output: filled[0].output, outputs: outputs.length, item };
}

describe('Aktify Trigger in queue mode', () => {
	let wf: DeployedAktify;
	const started = Date.now();

	beforeAll(async () => {
		await ensureRunning(state);
		wf = await deployAktify(main, processors, { events: ['*'], routeBy: 'category' });
	});

	afterAll(() => {
		process.stderr.write(`[queue] phase "Aktify" took ${seconds(started)}\n`);
	});

	it('turns the catalogue delivered to each webhook processor into the same executions, run by the worker', async () => {
		const perProcessor: Array<Map<string, ReturnType<typeof placed>>> = [];
		let seen = 0;
		for (const processor of processors) {
			for (const definition of aktifyEvents) {
				const request = signedRequest(definition, SECRET);
				const response = await processor.deliver(wf.path, request.body, request.headers);
				expect({ event: definition.name, status: response.status }).toEqual({
					event: definition.name,
					status: 200,
				});
			}
			seen += aktifyEvents.length;
			await settledRows(state, wf.id, seen);
			const executions = await main.executions(wf.id);
			expect(executions).toHaveLength(seen);
			const fresh = executions.slice(0, aktifyEvents.length);
			const items = new Map<string, ReturnType<typeof placed>>();
			for (const execution of fresh) {
				expect(execution.status).toBe('success');
				const result = placed(execution, wf.node);
				// Single-process behaviour: one output per category plus "Other", the item on its
				// category's output, valid against the catalogue.
				expect(result.outputs).toBe(AKTIFY_CATEGORIES.length + 1);
				expect(result.output).toBe(AKTIFY_CATEGORIES.indexOf(result.item.category as string));
				expect(result.item.validation).toEqual({ valid: true, issues: [] });
				items.set(`${String(result.item.version)} ${String(result.item.event)}`, result);
			}
			expect([...items.keys()].sort()).toEqual(
				aktifyEvents.map((event) => `${event.version} ${event.name}`).sort(),
			);
			perProcessor.push(items);
		}
		// Whichever processor received it, an event gives the same item on the same output.
		expect(perProcessor[1]).toEqual(perProcessor[0]);
		// The worker, not a webhook processor, ran them.
		const workerLog = tail(state.processes[WORKER].logFile, 100_000);
		const executions = await main.executions(wf.id, false);
		for (const execution of executions)
			expect(workerLog).toContain(`Worker started execution ${execution.id} `);
	});

	it('answers 401 to forged and stale deliveries on both processors and starts nothing', async () => {
		const before = (await main.executions(wf.id, false)).length;
		const definition = aktifyEvents.find(
			(event) => event.version === 'v2' && event.name === 'lead.link_clicked',
		)!;
		for (const processor of processors) {
			const forged = signedRequest(definition, 'forged_secret_0123456789abc');
			const stale = signedRequest(definition, SECRET, Date.now() - 10 * 60_000);
			for (const request of [forged, stale]) {
				const response = await processor.deliver(wf.path, request.body, request.headers);
				expect(response.status).toBe(401);
			}
		}
		const rows = await settledRows(state, wf.id, before, 10_000);
		expect(rows).toHaveLength(before);
	});

	it('keeps production webhooks off main (they belong to the webhook processors)', async () => {
		const request = signedRequest(aktifyEvents[0], SECRET);
		const before = (await main.executions(wf.id, false)).length;
		const response = await main.deliver(wf.path, request.body, request.headers);
		expect(response.status).toBe(404);
		expect(await settledRows(state, wf.id, before, 5_000)).toHaveLength(before);
	});
});
