// How a run is split into tasks for the worker pool. Any split gives the identical result (the
// summary merge is exact and order-free); small chunks give a smooth progress bar, a quick cancel
// and good load balance, large chunks less messaging.

export interface Task {
  variant: number;
  start: number;
  end: number;
}

export function chunkSize(replications: number, workers: number): number {
  return Math.max(1, Math.min(10, Math.ceil(replications / (Math.max(1, workers) * 16))));
}

/** Tasks in the order they are handed out: chunk by chunk, every variant of a chunk together, so a
 * cancelled comparison still has common replications in baseline and variant. */
export function planTasks(replications: number, variants: number, workers: number): Task[] {
  const size = chunkSize(replications, workers);
  const tasks: Task[] = [];
  for (let start = 0; start < replications; start += size) {
    const end = Math.min(replications, start + size);
    for (let v = 0; v < variants; v++) tasks.push({ variant: v, start, end });
  }
  return tasks;
}
