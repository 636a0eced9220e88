import autocannon from 'autocannon';

/**
 * HTTP load against a loopback n8n with autocannon. Only 2xx responses whose body is exactly the
 * expected one count towards throughput: a 401 or a "duplicate" answer is cheaper than a real
 * delivery and would flatter whichever target produced it.
 */

export interface LoadTarget {
	name: string;
	url: string;
	/** The exact body a successful delivery is answered with (taken from a probe request). */
	expectBody: string;
	/** Headers and body of one request; called before every run, so signatures stay fresh. */
	request(): { headers: Record<string, string>; body: string };
}

export interface LoadRun {
	target: string;
	connections: number;
	amount: number;
	durationS: number;
	ok: number;
	okPerSecond: number;
	non2xx: number;
	mismatches: number;
	errors: number;
	timeouts: number;
	p50Ms: number;
	p99Ms: number;
	meanMs: number;
}

/**
 * Sends `amount` requests over `connections` connections. A fixed request count rather than a fixed
 * duration: every request sent is answered and counted, so a slow target cannot hide its slowest
 * answers behind the end of a time window, and both targets do the same work.
 */
export async function runLoad(
	target: LoadTarget,
	connections: number,
	amount: number,
): Promise<LoadRun> {
	const { headers, body } = target.request();
	const { result, elapsedS: durationS } = await timedAutocannon({
		url: target.url,
		method: 'POST',
		headers,
		body,
		connections,
		amount,
		expectBody: target.expectBody,
		// n8n answers in tens of milliseconds; a request still open after 30 s is a failure.
		timeout: 30,
	});
	// A 2xx whose body is not the expected one is counted as a mismatch, never as throughput.
	const ok = result['2xx'] - result.mismatches;
	return {
		target: target.name,
		connections,
		amount,
		durationS,
		ok,
		okPerSecond: ok / durationS,
		non2xx: result.non2xx,
		mismatches: result.mismatches,
		errors: result.errors,
		timeouts: result.timeouts,
		p50Ms: result.latency.p50,
		p99Ms: result.latency.p99,
		meanMs: result.latency.average,
	};
}

/**
 * Runs autocannon and measures the elapsed time up to the last response. autocannon checks for
 * "done" on its one-second sampling tick, so its own start/finish and `duration` round a run up to
 * the next whole second: up to a third too long for a 3-second run, more for the faster target.
 */
function timedAutocannon(
	options: autocannon.Options,
): Promise<{ result: autocannon.Result; elapsedS: number }> {
	return new Promise((resolve, reject) => {
		const started = process.hrtime.bigint();
		let lastResponse = started;
		const instance = autocannon(options, (error: unknown, result: autocannon.Result) => {
			if (error) reject(error instanceof Error ? error : new Error(String(error)));
			else resolve({ result, elapsedS: Number(lastResponse - started) / 1e9 });
		});
		instance.on('response', () => {
			lastResponse = process.hrtime.bigint();
		});
	});
}

export interface DistinctLoadResult {
	sent: number;
	byAnswer: Record<string, number>;
	durationS: number;
	errors: number;
}

/**
 * Sends `amount` deliveries, each built by `build(sequence)` so that every one is distinct, and
 * tallies the answers by HTTP status and the `status` field of the JSON body.
 */
export async function sendDistinct(
	url: string,
	amount: number,
	connections: number,
	firstSequence: number,
	build: (sequence: number) => { headers: Record<string, string>; body: string },
): Promise<DistinctLoadResult> {
	let next = firstSequence;
	const byAnswer: Record<string, number> = {};
	const { result, elapsedS } = await timedAutocannon({
		url,
		method: 'POST',
		connections,
		amount,
		timeout: 30,
		requests: [
			{
				setupRequest: (request) => {
					const { headers, body } = build(next++);
					return { ...request, method: 'POST', headers, body };
				},
				onResponse: (status, body) => {
					let answer = String(status);
					try {
						answer += ` ${(JSON.parse(body) as { status?: string }).status ?? ''}`.trimEnd();
					} catch {
						// not JSON: the status code alone describes it
					}
					byAnswer[answer] = (byAnswer[answer] ?? 0) + 1;
				},
			},
		],
	});
	return { sent: amount, byAnswer, durationS: elapsedS, errors: result.errors };
}
