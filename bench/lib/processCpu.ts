import { readdirSync, readFileSync } from 'fs';

/**
 * CPU time used by a process and all its live descendants (n8n's main process, its expression
 * isolates' threads and its task runner), read from `/proc`. CPU per delivery is steadier than
 * throughput on a shared machine: another job slows a run down but adds little to the CPU the
 * n8n processes themselves spend, and at saturation throughput is what that CPU allows.
 */

/** Clock ticks per second of `/proc/<pid>/stat`'s utime and stime: USER_HZ, 100 on Linux. */
const TICKS_PER_SECOND = 100;

interface ProcStat {
	pid: number;
	ppid: number;
	command: string;
	cpuTicks: number;
}

function readStat(pid: number): ProcStat | undefined {
	let text: string;
	try {
		text = readFileSync(`/proc/${pid}/stat`, 'utf8');
	} catch {
		return undefined;
	}
	// The command name is in parentheses and may hold spaces; the fields after it are fixed.
	const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
	// fields[0] is field 3 (state): ppid is field 4, utime 14, stime 15.
	return {
		pid,
		ppid: Number(fields[1]),
		command: text.slice(text.indexOf('(') + 1, text.lastIndexOf(')')),
		cpuTicks: Number(fields[11]) + Number(fields[12]),
	};
}

function allStats(): ProcStat[] {
	const stats: ProcStat[] = [];
	for (const entry of readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		const stat = readStat(Number(entry));
		if (stat) stats.push(stat);
	}
	return stats;
}

/**
 * Milliseconds of CPU used so far by every live process whose command name is `command`, such as
 * `postgres` (the server and one backend per connection).
 */
export function commandCpuMs(command: string): number {
	const ticks = allStats()
		.filter((stat) => stat.command === command)
		.reduce((sum, stat) => sum + stat.cpuTicks, 0);
	return (ticks * 1000) / TICKS_PER_SECOND;
}

/** Milliseconds of CPU (user + system) used so far by `rootPid` and every live descendant. */
export function processTreeCpuMs(rootPid: number): number {
	const stats = allStats();
	const children = new Map<number, ProcStat[]>();
	for (const stat of stats) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), stat]);
	const root = stats.find((stat) => stat.pid === rootPid);
	if (root === undefined) throw new Error(`Process ${rootPid} is not running`);
	let ticks = 0;
	const pending = [root];
	while (pending.length > 0) {
		const stat = pending.pop()!;
		ticks += stat.cpuTicks;
		pending.push(...(children.get(stat.pid) ?? []));
	}
	return (ticks * 1000) / TICKS_PER_SECOND;
}
