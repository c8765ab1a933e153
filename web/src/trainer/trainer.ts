// The trainer view: a small center animated live from sim-core's step-wise Trainer. The queue is a
// line of waiting contacts, agents are tiles coloured by state, sliders change arrivals, AHT, staff
// and patience while it runs, and the Erlang C/A prediction for the current settings sits next to
// the simulated values (measured since the last change) so a class sees where the formulas and
// reality part. This file wires the controls, panels and chart to a Session and runs the clock.
import { h } from '../dom';
import type { QueueMetrics } from '../types';
import { sim } from '../wasm';
import { createRollingChart } from './chart';
import { createControls, SPEEDS, wireSliders } from './controls';
import { createAgentsPanel, createQueuePanel, renderComparison, renderCounters } from './panels';
import { Session, sumTotals } from './session';

export function createTrainer(root: HTMLElement): { show(): void; hide(): void } {
  let session: Session | null = null;
  let playing = false;
  let visible = false;
  let speed = 60;
  let lastFrame = 0;
  let seed = 1;
  let raf = 0;

  const controls = createControls();
  const queue = createQueuePanel();
  const agents = createAgentsPanel();
  const counters = h('dl', { class: 'counters', 'data-testid': 'trainer-counters' });
  const compareTable = h('table', { class: 'table compact', 'data-testid': 'trainer-erlang' });
  const chart = createRollingChart();
  const { arrivals, aht, agents: staff, patience } = controls.sliders;

  controls.scenario.addEventListener('change', () => load());
  controls.play.addEventListener('click', () => setPlaying(!playing));
  controls.restart.addEventListener('click', () => {
    seed += 1;
    load();
  });
  controls.speed.addEventListener('input', () => {
    speed = SPEEDS[Number(controls.speed.value)] ?? 60;
    controls.speedOut.value = `${speed}×`;
  });
  wireSliders(controls, (apply) => {
    if (!session) return;
    session.changed(apply);
    render(true);
  });

  const view = h(
    'div',
    { class: 'trainer' },
    controls.el,
    h(
      'div',
      { class: 'trainer-main' },
      queue.el,
      agents.el,
      h('div', { class: 'trainer-stats' }, h('section', { class: 'card', 'aria-label': 'Counters' }, h('h2', {}, 'Since the start'), counters), h('section', { class: 'card', 'aria-label': 'Simulation vs Erlang' }, h('h2', {}, 'Simulation vs formula'), compareTable)),
      chart.el,
    ),
  );
  root.append(view);

  function load() {
    setPlaying(false);
    session?.free();
    session = new Session(controls.scenario.value, seed);
    controls.showCenter(session.info, session.trainer.active_agents(0));
    chart.reset();
    render(true);
  }

  function setPlaying(p: boolean) {
    playing = p;
    controls.showPlaying(p);
    cancelAnimationFrame(raf);
    if (p && visible) {
      lastFrame = performance.now();
      raf = requestAnimationFrame(frame);
    }
  }

  function frame(now: number) {
    if (!session || !playing) return;
    const tr = session.trainer;
    const dt = Math.min(0.1, (now - lastFrame) / 1000);
    lastFrame = now;
    session.step(Math.min(tr.horizon(), tr.now() + dt * speed));
    render(false);
    if (tr.now() >= tr.horizon()) {
      setPlaying(false);
      return;
    }
    raf = requestAnimationFrame(frame);
  }

  /** Erlang C (no patience) or A for the sliders' settings. */
  function erlang(): QueueMetrics | null {
    if (!session) return null;
    const t = session.info.types[0];
    const pat = Number(patience.input.value);
    return sim.queueMetrics(Number(arrivals.input.value) / 3600, Number(aht.input.value) + (t.mean_wrap_s ?? 0), pat > 0 ? pat : null, Number(staff.input.value), t.sl_threshold_s);
  }

  function render(force: boolean) {
    if (!session) return;
    const s = session.last;
    const occupancy = session.occupancy();
    controls.showTime(s.now, session.trainer.horizon());
    queue.render(s, force);
    agents.render(s, session.trainer.active_agents(0), session.info.groups[0]?.id ?? '');
    renderCounters(counters, s, session.info, occupancy.sinceStart);
    const e = erlang();
    const model = Number(patience.input.value) > 0 ? 'Erlang A' : 'Erlang C';
    renderComparison(compareTable, { snap: s, totals: sumTotals(s), mark: session.mark, occupancy: occupancy.sinceMark, erlang: e, model, perHour: Number(arrivals.input.value) });
    chart.update(session.samples, s.now, e, force);
  }

  let loaded = false;
  return {
    show: () => {
      visible = true;
      view.hidden = false;
      if (!loaded) {
        loaded = true;
        load();
      }
      chart.resize();
      if (playing) setPlaying(true);
    },
    hide: () => {
      visible = false;
      view.hidden = true;
      cancelAnimationFrame(raf);
    },
  };
}
