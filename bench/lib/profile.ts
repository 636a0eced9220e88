import { existsSync, readFileSync } from 'fs';
import { join } from 'path';

/**
 * Drives `profilerHook.js` inside n8n and reads the profiles it writes: how much of n8n's main
 * thread a delivery takes, and how much of that is spent inside one package's own code (its frames
 * and everything they call, such as n8n's `getNodeParameter`).
 */

export const PROFILER_HOOK = join(__dirname, 'profilerHook.js');

interface CpuProfileNode {
	id: number;
	callFrame: { functionName: string; url: string };
	children?: number[];
}

interface CpuProfile {
	nodes: CpuProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

export interface ProfileShare {
	/** Sampled wall time of the main thread, in ms. */
	totalMs: number;
	/** Of it, the main thread idle (waiting for I/O, isolates' threads, the database). */
	idleMs: number;
	/** Of the busy time, samples with a frame of the package's code on the stack. */
	insidePackageMs: number;
	/** The package's outermost functions by time, for the report. */
	topFunctions: Array<{ name: string; ms: number }>;
}

async function waitForFile(path: string, timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!existsSync(path)) {
		if (Date.now() > deadline) throw new Error(`The profiler hook did not write ${path}`);
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

/** Profiles n8n's main thread while `work` runs; returns the profile's file. */
export async function profiled<T>(
	pid: number,
	folder: string,
	index: number,
	work: () => Promise<T>,
): Promise<{ result: T; file: string }> {
	process.kill(pid, 'SIGUSR2');
	await waitForFile(join(folder, `${index}.started`), 10_000);
	const result = await work();
	process.kill(pid, 'SIGUSR2');
	await waitForFile(join(folder, `${index}.done`), 30_000);
	return { result, file: join(folder, `${index}.cpuprofile`) };
}

/** Splits a profile's samples: idle, busy, and busy with `packageFolder`'s code on the stack. */
export function shareOf(file: string, packageFolder: string): ProfileShare {
	const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
	const byId = new Map(profile.nodes.map((node) => [node.id, node]));
	const parent = new Map<number, number>();
	for (const node of profile.nodes)
		for (const child of node.children ?? []) parent.set(child, node.id);
	const marker = `/node_modules/${packageFolder}/`;
	let totalMs = 0;
	let idleMs = 0;
	let insidePackageMs = 0;
	const outermost = new Map<string, number>();
	for (let index = 0; index < profile.samples.length; index++) {
		const ms = (profile.timeDeltas[index + 1] ?? 0) / 1000;
		totalMs += ms;
		let id: number | undefined = profile.samples[index];
		if (byId.get(id)?.callFrame.functionName === '(idle)') {
			idleMs += ms;
			continue;
		}
		let outer: string | undefined;
		while (id !== undefined) {
			const frame = byId.get(id)?.callFrame;
			if (frame?.url.includes(marker))
				outer = `${frame.functionName || '(anonymous)'} (${frame.url.slice(frame.url.indexOf(marker) + marker.length)})`;
			id = parent.get(id);
		}
		if (outer !== undefined) {
			insidePackageMs += ms;
			outermost.set(outer, (outermost.get(outer) ?? 0) + ms);
		}
	}
	const topFunctions = [...outermost]
		.sort((a, b) => b[1] - a[1])
		.slice(0, 5)
		.map(([name, ms]) => ({ name, ms }));
	return { totalMs, idleMs, insidePackageMs, topFunctions };
}
