// A run worker: holds one sim-wasm Batch per variant of the current job, runs the replication
// chunks it is handed, and returns its summary parts. One worker per core.
import { loadWasm, raw } from '../wasm';
import type { FromWorker, ToWorker, VariantSpec } from './protocol';

interface Job {
  id: number;
  batches: (raw.Batch | null)[];
  variants: VariantSpec[];
  seed: bigint;
}

const ctx = self as unknown as { postMessage(m: FromWorker): void; onmessage: ((e: MessageEvent<ToWorker>) => void) | null };
let job: Job | null = null;

const wi = (v: VariantSpec) => (v.whatif ? JSON.stringify(v.whatif) : '');

function freeJob() {
  job?.batches.forEach((b) => b?.free());
  job = null;
}

function handle(m: ToWorker): FromWorker | null {
  switch (m.type) {
    case 'job':
      freeJob();
      job = { id: m.job, batches: m.variants.map(() => null), variants: m.variants, seed: BigInt(m.seed) };
      return null;
    case 'task': {
      if (!job || job.id !== m.job) return null;
      const t0 = performance.now();
      let b = job.batches[m.variant];
      if (!b) {
        const v = job.variants[m.variant];
        b = new raw.Batch(v.text, v.format, wi(v), job.seed);
        job.batches[m.variant] = b;
      }
      b.run(m.start, m.end);
      return { type: 'done', job: m.job, variant: m.variant, count: m.end - m.start, ms: performance.now() - t0 };
    }
    case 'collect': {
      if (!job || job.id !== m.job) return { type: 'parts', job: m.job, parts: [] };
      const parts = job.batches.map((b) => (b ? b.summary() : null));
      freeJob();
      return { type: 'parts', job: m.job, parts };
    }
    case 'finalize': {
      const seed = BigInt(m.seed);
      const summaries = m.variants.map((v, i) => {
        const list = m.parts[i] ?? [];
        let s = list.length > 0 ? list[0] : raw.run_part(v.text, v.format, wi(v), seed, 0, 0);
        for (const p of list.slice(1)) s = raw.merge(s, p);
        return raw.finish_summary(s, m.requested);
      });
      const reports = m.variants.map((v, i) => raw.report(v.text, v.format, wi(v), summaries[i]));
      const compares = m.compare ? summaries.slice(1).map((s) => raw.compare(summaries[0], s)) : [];
      return { type: 'final', job: m.job, summaries, reports, compares };
    }
  }
  return null;
}

ctx.onmessage = (e) => {
  const m = e.data;
  loadWasm()
    .then(() => {
      const reply = handle(m);
      if (reply) ctx.postMessage(reply);
    })
    .catch((err: unknown) => {
      ctx.postMessage({ type: 'error', job: 'job' in m ? m.job : -1, message: err instanceof Error ? err.message : String(err) });
    });
};

loadWasm().then(
  () => ctx.postMessage({ type: 'ready' }),
  (err: unknown) => ctx.postMessage({ type: 'error', job: -1, message: String(err) }),
);
