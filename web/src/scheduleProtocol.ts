// Messages between the page and the schedule worker (scheduleWorker.ts). The worker holds
// sim-plan's schedule search (through sim-wasm): its integer program is solved in `start` and
// `submit`, off the main thread. Results are the bindings' JSON text.
export type ToScheduleWorker =
  | { id: number; type: 'start'; scenario: string; format: string; rules: string; requirement: string; options: string }
  | { id: number; type: 'next' }
  | { id: number; type: 'submit'; summary: string }
  | { id: number; type: 'stop' };

export type FromScheduleWorker = { id: number; ok: true; result: string } | { id: number; ok: false; error: string };

type Dist<K extends string> = K extends ToScheduleWorker['type'] ? Omit<Extract<ToScheduleWorker, { type: K }>, 'id'> : never;
export type ScheduleRequest = Dist<ToScheduleWorker['type']>;
