'use strict';
/**
 * Loaded into n8n's main process with `NODE_OPTIONS=--require <this file>` by the bench's profile
 * part. It opens an inspector session inside the process and, on each SIGUSR2, starts or stops
 * V8's sampling CPU profiler; a stopped profile is written to LEAD_EVENTS_PROFILE_DIR as
 * `<n>.cpuprofile`, then a `<n>.done` marker. NODE_OPTIONS is removed from the environment at
 * once, so n8n's task runner and other children start without the hook.
 */
const { writeFileSync } = require('fs');
const { join } = require('path');
const inspector = require('inspector');

const folder = process.env.LEAD_EVENTS_PROFILE_DIR;
delete process.env.NODE_OPTIONS;
delete process.env.LEAD_EVENTS_PROFILE_DIR;

if (folder) {
	const session = new inspector.Session();
	session.connect();
	const post = (method, params) =>
		new Promise((resolve, reject) =>
			session.post(method, params ?? {}, (error, result) =>
				error ? reject(error) : resolve(result),
			),
		);
	let running = false;
	let count = 0;
	process.on('SIGUSR2', () => {
		const step = running
			? post('Profiler.stop').then(({ profile }) => {
					count++;
					writeFileSync(join(folder, `${count}.cpuprofile`), JSON.stringify(profile));
					writeFileSync(join(folder, `${count}.done`), '');
					running = false;
				})
			: post('Profiler.enable')
					.then(() => post('Profiler.setSamplingInterval', { interval: 500 }))
					.then(() => post('Profiler.start'))
					.then(() => {
						running = true;
						writeFileSync(join(folder, `${count + 1}.started`), '');
					});
		step.catch((error) => writeFileSync(join(folder, 'error.txt'), String(error)));
	});
}
