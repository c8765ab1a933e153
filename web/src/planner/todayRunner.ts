// The Today tab's run control: the kept run (the Today worker), the inputs its baseline was run
// with, the what-ifs in it, progress, status and cancel. A what-if added while the inputs still
// hold runs only its own replications against the kept baseline; otherwise everything runs again.
import { announce, h } from '../dom';
import { fmtDuration } from '../format';
import { TodayRun, todayErrorOf, type TodayError, type TodayInput, type TodayProgress } from '../today';
import type { TodayResult } from '../todayState';

export function showError(box: HTMLElement, e: TodayError | null): void {
  box.hidden = !e;
  box.replaceChildren(...(e ? [h('strong', {}, `${e.source}: `), ...e.errors.map((x) => h('div', { 'data-path': x.path }, `${x.path}: ${x.message}`))] : []));
}

export class TodayRunner {
  readonly cancelBtn = h('button', { type: 'button', class: 'btn danger', 'data-testid': 'today-cancel', disabled: true }, 'Cancel');
  readonly progress = h('progress', { max: '1', value: '0', 'aria-label': 'Projection progress', 'data-testid': 'today-progress' });
  readonly status = h('p', { class: 'status', role: 'status', 'data-testid': 'today-status', 'data-state': 'idle' });
  readonly errorBox = h('div', { class: 'field-error', role: 'alert', 'data-testid': 'today-error', hidden: true });
  /** What-if texts of the kept run, in order. */
  whatifs: string[] = [];
  busy = false;
  /** The inputs (a key) the kept baseline was run with; '' = none. */
  runKey = '';
  private run: TodayRun | null = null;

  constructor(
    private whatifError: HTMLElement,
    private onResult: (r: TodayResult) => void,
    private onBusy: () => void,
  ) {
    this.cancelBtn.addEventListener('click', () => {
      this.run?.cancel();
      this.run = null;
      this.runKey = '';
    });
  }

  setStatus(text: string, state: string): void {
    this.status.textContent = text;
    this.status.dataset.state = state;
    if (state !== 'running') announce(text);
  }

  private onProgress(what: string) {
    return (p: TodayProgress) => {
      this.progress.max = Math.max(1, p.total);
      this.progress.value = p.done;
      this.setStatus(`${what}: ${p.done}/${p.total} replications · ${fmtDuration(p.elapsedMs)}`, 'running');
    };
  }

  private async job(what: string, f: (r: TodayRun) => Promise<TodayResult>, errBox: HTMLElement): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.cancelBtn.disabled = false;
    this.onBusy();
    showError(this.errorBox, null);
    showError(this.whatifError, null);
    const t0 = performance.now();
    try {
      this.run ??= new TodayRun();
      const res = await f(this.run);
      const ms = performance.now() - t0;
      this.status.dataset.elapsedMs = String(Math.round(ms));
      this.onResult(res);
      const n = res.whatifs.length;
      this.setStatus(`${what}: done in ${fmtDuration(ms)} (${res.report.replications} replications${n ? `, ${n} what-if${n > 1 ? 's' : ''}` : ''}).`, 'done');
    } catch (e) {
      const err = todayErrorOf(e);
      if (err.errors[0]?.message === 'cancelled') this.setStatus('Cancelled.', 'cancelled');
      else {
        showError(errBox, err);
        this.setStatus(`Failed (${err.source}): ${err.errors.map((x) => `${x.path}: ${x.message}`).join('; ')}`, 'error');
      }
    } finally {
      this.busy = false;
      this.cancelBtn.disabled = true;
      this.onBusy();
    }
  }

  /** Runs the baseline and the what-ifs of `input` from scratch; `key` names the inputs. */
  start(input: TodayInput, key: string): Promise<void> {
    const list = input.whatifs;
    const what = list.length ? `Baseline and ${list.length} what-if${list.length > 1 ? 's' : ''}` : 'Baseline';
    const errBox = list.length > this.whatifs.length ? this.whatifError : this.errorBox;
    return this.job(
      what,
      async (r) => {
        this.runKey = '';
        const res = await r.start(input, this.onProgress(what));
        this.runKey = key;
        this.whatifs = list;
        return res;
      },
      errBox,
    );
  }

  /** Adds a what-if: against the kept baseline when it was run with `input` (by `key`), else everything again. */
  add(text: string, input: TodayInput, key: string): Promise<void> {
    if (!this.run?.ready || this.runKey !== key) return this.start({ ...input, whatifs: [...this.whatifs, text] }, key);
    const what = `What-if “${text}”`;
    return this.job(
      what,
      async (r) => {
        const res = await r.add(text, this.onProgress(what));
        this.whatifs = [...this.whatifs, text];
        return res;
      },
      this.whatifError,
    );
  }

  remove(k: number): Promise<void> {
    if (this.busy || !this.run?.ready) return Promise.resolve();
    return this.job(
      'Removed a what-if',
      async (r) => {
        const res = await r.remove(k);
        this.whatifs = this.whatifs.filter((_, i) => i !== k);
        return res;
      },
      this.whatifError,
    );
  }
}
