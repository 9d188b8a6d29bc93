import { readdirSync, readFileSync } from 'node:fs';

/** USER_HZ on Linux: /proc's CPU times are in these ticks. */
const TICKS_PER_SECOND = 100;

/** CPU seconds of each live thread of this process (Linux /proc), by thread id; null where there is no /proc. */
function threadCpu(): Map<number, number> | null {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return null;
  }
  const out = new Map<number, number>();
  for (const task of tasks) {
    try {
      const stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
      // Fields after the command name (which may hold spaces): utime and stime are the 12th and 13th.
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(task), (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return out;
}

/**
 * Watches the CPU each thread of this process uses until stopped: this thread, the planning
 * workers, the threads of V8's compiler and garbage collector. Threads that end meanwhile (the
 * workers) are read every 50 ms while they live, so the last ~50 ms of each may be missed.
 * Stopping says it in words: "this thread 0.4 s; others 3.0, 2.9, 0.8, 0.7 s".
 */
export function watchThreadCpu(): () => string {
  const start = threadCpu();
  if (start === null) return () => 'CPU by thread: not known on this system';
  const last = new Map(start);
  const poll = () => {
    for (const [id, s] of threadCpu() ?? []) last.set(id, s);
  };
  const timer = setInterval(poll, 50);
  return () => {
    clearInterval(timer);
    poll();
    const used = [...last].map(([id, s]) => [id, s - (start.get(id) ?? 0)] as const).filter(([, s]) => s >= 0.05);
    const own = used.find(([id]) => id === process.pid)?.[1] ?? 0;
    const others = used.filter(([id]) => id !== process.pid).map(([, s]) => s).sort((a, b) => b - a);
    return `CPU by thread: this thread ${own.toFixed(1)} s; others ${others.map((s) => s.toFixed(1)).join(', ') || 'none'} s`;
  };
}
