// Messages between the page and the history worker (historyWorker.ts). Options are the JSON the
// sim-wasm history bindings take (the CLI's flags); results are their JSON text.
export type ToHistoryWorker =
  | { id: number; type: 'summary'; text: string; options: string }
  | { id: number; type: 'forecast'; text: string; options: string; base: string }
  | { id: number; type: 'calibrate'; text: string; options: string; base: string }
  | { id: number; type: 'fit-start'; options: string }
  | { id: number; type: 'fit-next' }
  | { id: number; type: 'fit-submit'; summary: string };

export type FromHistoryWorker = { id: number; ok: true; result: string } | { id: number; ok: false; error: string };

type Dist<K extends string> = K extends ToHistoryWorker['type'] ? Omit<Extract<ToHistoryWorker, { type: K }>, 'id'> : never;
export type HistoryRequest = Dist<ToHistoryWorker['type']>;
