// Messages between the page and the Today worker (todayWorker.ts). The worker holds one intraday
// run (sim-history's day through sim-wasm's TodayJs): the baseline and its what-ifs with their
// replications, so a what-if added later only runs its own. Results are the bindings' JSON text.
export type ToTodayWorker =
  | { id: number; type: 'start'; scenario: string; format: string; state: string; actuals: string; method: string; whatifs: string[]; replications: number; seed: string }
  | { id: number; type: 'add'; whatif: string }
  | { id: number; type: 'remove'; index: number }
  | { id: number; type: 'step'; max: number }
  | { id: number; type: 'result' };

export type FromTodayWorker = { id: number; ok: true; result: string } | { id: number; ok: false; error: string };

type Dist<K extends string> = K extends ToTodayWorker['type'] ? Omit<Extract<ToTodayWorker, { type: K }>, 'id'> : never;
export type TodayRequest = Dist<ToTodayWorker['type']>;
