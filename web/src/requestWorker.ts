/** What a request worker posts back: the answer to request `id`. */
export type WorkerReply = { id: number; ok: true; result: string } | { id: number; ok: false; error: string };

/**
 * A Web Worker that answers requests (`{ ...request, id }`) with a {@link WorkerReply}, one at a
 * time in order: the History, Schedule and Today tabs each drive one. `terminate` ends the worker
 * at once (work under way stops) and fails the pending requests; the next call starts a fresh one.
 */
export class RequestWorker<Req extends object> {
  private worker: Worker | null = null;
  private nextId = 1;
  private waiting = new Map<number, { resolve(v: string): void; reject(e: Error): void }>();

  /** `start` creates the worker (written at the call site so that Vite bundles the worker file). */
  constructor(
    private readonly start: () => Worker,
    private readonly name: string,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = this.start();
    worker.onmessage = (e: MessageEvent<WorkerReply>) => {
      const m = e.data;
      const p = this.waiting.get(m.id);
      if (!p) return;
      this.waiting.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    };
    worker.onerror = (e) => this.terminate(e.message || `the ${this.name} worker failed to start`);
    this.worker = worker;
    return worker;
  }

  call(req: Req): Promise<string> {
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ ...req, id });
    });
  }

  terminate(message = 'cancelled'): void {
    for (const p of this.waiting.values()) p.reject(new Error(message));
    this.waiting.clear();
    this.worker?.terminate();
    this.worker = null;
  }
}
