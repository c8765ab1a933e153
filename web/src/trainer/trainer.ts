// The trainer view: a small center animated live from sim-core's step-wise Simulation. The queue
// is a line of waiting contacts, agents are tiles coloured by state, sliders change arrivals, AHT,
// staff and patience while it runs, and the Erlang C/A prediction for the current settings sits
// next to the simulated values (measured since the last change) so a class sees where the
// formulas and reality part.
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { h } from '../dom';
import { fmtClock, fmtInt, fmtPct, fmtSec } from '../format';
import { BUNDLED, TRAINER_FALLBACK, TRAINER_SCENARIO, bundled } from '../scenarios';
import type { ContactTally, ModelInfo, QueueMetrics, ScenarioJson, Snapshot } from '../types';
import { raw, sim } from '../wasm';

export const ACTIVITY = [
  { code: 0, key: 'off', label: 'Off shift' },
  { code: 1, key: 'idle', label: 'Idle' },
  { code: 2, key: 'talking', label: 'Talking' },
  { code: 3, key: 'wrap', label: 'Wrap-up' },
  { code: 4, key: 'break', label: 'Break' },
  { code: 5, key: 'absent', label: 'Absent' },
  { code: 6, key: 'offphone', label: 'Off-phone' },
] as const;

const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1000];
const WINDOW_S = 2 * 3600;
const SAMPLE_S = 60;
const ROLL_S = 15 * 60;

interface Sample {
  t: number;
  queue: number;
  offered: number;
  inThreshold: number;
}

export function createTrainer(root: HTMLElement): { show(): void; hide(): void } {
  let trainer: raw.Trainer | null = null;
  let info: ModelInfo | null = null;
  let playing = false;
  let speed = 60;
  let lastFrame = 0;
  let seed = 1;
  let raf = 0;
  let samples: Sample[] = [];
  let mark: { t: number; tally: ContactTally; busy: number; staffed: number } | null = null;
  let busyArea = 0;
  let staffArea = 0;
  let lastSnap: Snapshot | null = null;
  let chart: Chart | null = null;
  let lastChartUpdate = 0;
  let visible = false;

  const scenarioSel = h('select', { id: 'trainer-scenario' }, BUNDLED.map((s) => h('option', { value: s.id }, s.title)));
  const playBtn = h('button', { type: 'button', class: 'btn primary', 'aria-pressed': 'false', 'data-testid': 'trainer-play' }, '▶ Play');
  const restartBtn = h('button', { type: 'button', class: 'btn' }, '↺ New day');
  const speedIn = h('input', { id: 'trainer-speed', type: 'range', min: '0', max: String(SPEEDS.length - 1), step: '1', value: String(SPEEDS.indexOf(60)), 'data-testid': 'trainer-speed' });
  const speedOut = h('output', { for: 'trainer-speed', class: 'slider-value' });
  const clock = h('div', { class: 'clock', role: 'timer', 'aria-live': 'off', 'data-testid': 'trainer-clock' }, 'Day 1 00:00:00');
  const horizonBar = h('progress', { max: '1', value: '0', 'aria-label': 'Time through the simulated day' });

  const slider = (id: string, label: string, min: number, max: number, step: number, unit: string, hint: string) => {
    const input = h('input', { id, type: 'range', min: String(min), max: String(max), step: String(step), 'data-testid': id });
    const out = h('output', { for: id, class: 'slider-value' });
    const wrap = h('div', { class: 'slider' }, h('label', { for: id }, label, h('small', { class: 'hint' }, ` ${hint}`)), h('div', { class: 'slider-row' }, input, out));
    return { input, out, wrap, unit };
  };
  const sArr = slider('trainer-arrivals', 'Arrivals per hour', 0, 1200, 10, '/h', '');
  const sAht = slider('trainer-aht', 'Average handle time', 30, 900, 10, 's', '');
  const sAgents = slider('trainer-agents', 'Agents', 0, 60, 1, '', '');
  const sPat = slider('trainer-patience', 'Mean patience', 0, 900, 10, 's', '(0 = callers never hang up)');

  const queueLine = h('div', { class: 'queue-line', 'aria-hidden': 'true' });
  const queueText = h('p', { class: 'queue-text', 'data-testid': 'trainer-queue' });
  const agentGrid = h('div', { class: 'agent-grid', role: 'img', 'aria-label': 'Agents by state', 'data-testid': 'trainer-agents-grid' });
  const legend = h('ul', { class: 'legend' });
  const counters = h('dl', { class: 'counters', 'data-testid': 'trainer-counters' });
  const compareTable = h('table', { class: 'table compact', 'data-testid': 'trainer-erlang' });
  const rolling = chartCard('Last two hours', 'queue length and service level over a rolling 15 minutes, with the Erlang prediction', 'trainer-chart');

  scenarioSel.addEventListener('change', () => load(scenarioSel.value));
  playBtn.addEventListener('click', () => setPlaying(!playing));
  restartBtn.addEventListener('click', () => {
    seed += 1;
    load(scenarioSel.value);
  });
  speedIn.addEventListener('input', () => {
    speed = SPEEDS[Number(speedIn.value)] ?? 60;
    speedOut.value = `${speed}×`;
  });
  const onSlider = (s: ReturnType<typeof slider>, apply: (v: number) => void) => {
    s.input.addEventListener('input', () => {
      const v = Number(s.input.value);
      s.out.value = fmtSlider(s, v);
      if (!trainer) return;
      apply(v);
      markNow();
      render(true);
    });
  };
  onSlider(sArr, (v) => trainer?.set_arrival_rate(0, v));
  onSlider(sAht, (v) => trainer?.set_handle_mean(0, v));
  onSlider(sAgents, (v) => trainer?.set_agents(0, v));
  onSlider(sPat, (v) => trainer?.set_patience_mean(0, v > 0 ? v : 0));

  function fmtSlider(s: { unit: string }, v: number): string {
    if (s.unit === 's') return v === 0 && s === sPat ? 'never' : fmtSec(v);
    return `${v}${s.unit ? ` ${s.unit}` : ''}`;
  }

  const view = h(
    'div',
    { class: 'trainer' },
    h(
      'section',
      { class: 'card trainer-controls', 'aria-label': 'Simulation controls' },
      h('div', { class: 'field' }, h('label', { for: 'trainer-scenario' }, 'Center'), scenarioSel),
      h('div', { class: 'clock-box' }, clock, horizonBar),
      h('div', { class: 'play-row' }, playBtn, restartBtn),
      h('div', { class: 'slider' }, h('label', { for: 'trainer-speed' }, 'Speed'), h('div', { class: 'slider-row' }, speedIn, speedOut)),
      h('hr'),
      sArr.wrap,
      sAht.wrap,
      sAgents.wrap,
      sPat.wrap,
      h('p', { class: 'hint' }, 'Sliders act on the first contact type and agent group, from the moment you move them.'),
    ),
    h(
      'div',
      { class: 'trainer-main' },
      h('section', { class: 'card', 'aria-label': 'Queue' }, h('h2', {}, 'Queue'), queueLine, queueText),
      h('section', { class: 'card', 'aria-label': 'Agents' }, h('h2', {}, 'Agents'), agentGrid, legend),
      h('div', { class: 'trainer-stats' }, h('section', { class: 'card', 'aria-label': 'Counters' }, h('h2', {}, 'Since the start'), counters), h('section', { class: 'card', 'aria-label': 'Simulation vs Erlang' }, h('h2', {}, 'Simulation vs formula'), compareTable)),
      rolling.card,
    ),
  );
  root.append(view);

  function trainerText(id: string): string {
    const text = bundled(id)?.text ?? TRAINER_FALLBACK;
    const res = sim.validate(text, 'toml');
    if (!res.ok && !res.scenario) return text;
    const obj = res.scenario as ScenarioJson;
    obj.warmup_minutes = 0; // the class watches from the first call
    return JSON.stringify(obj);
  }

  function load(id: string) {
    setPlaying(false);
    trainer?.free();
    trainer = new raw.Trainer(trainerText(id), 'json', BigInt(seed), 0);
    info = JSON.parse(trainer.info()) as ModelInfo;
    const t = info.types[0];
    const rate = (t.rate_per_s[0] ?? 0) * 3600;
    set(sArr, Math.round(rate), Math.max(1200, Math.ceil(rate * 2 / 100) * 100));
    set(sAht, Math.round(t.mean_handle_s), Math.max(900, Math.ceil(t.mean_handle_s * 3)));
    set(sAgents, trainer.active_agents(0), Math.max(60, trainer.active_agents(0) * 2));
    set(sPat, Math.round(t.mean_patience_s ?? 0), 900);
    samples = [];
    busyArea = 0;
    staffArea = 0;
    lastSnap = null;
    markNow();
    buildChart();
    render(true);
  }

  function set(s: ReturnType<typeof slider>, v: number, max: number) {
    s.input.max = String(max);
    s.input.value = String(v);
    s.out.value = fmtSlider(s, v);
  }

  function snapshot(): Snapshot | null {
    return trainer ? (JSON.parse(trainer.snapshot()) as Snapshot) : null;
  }

  function markNow() {
    const s = snapshot();
    if (!s) return;
    mark = { t: s.now, tally: { ...sumTotals(s) }, busy: busyArea, staffed: staffArea };
  }

  function setPlaying(p: boolean) {
    playing = p;
    playBtn.setAttribute('aria-pressed', String(p));
    playBtn.textContent = p ? '❚❚ Pause' : '▶ Play';
    cancelAnimationFrame(raf);
    if (p && visible) {
      lastFrame = performance.now();
      raf = requestAnimationFrame(frame);
    }
  }

  function frame(now: number) {
    if (!trainer || !playing) return;
    const dt = Math.min(0.1, (now - lastFrame) / 1000);
    lastFrame = now;
    const target = Math.min(trainer.horizon(), trainer.now() + dt * speed);
    step(target);
    render(false);
    if (trainer.now() >= trainer.horizon()) {
      setPlaying(false);
      return;
    }
    raf = requestAnimationFrame(frame);
  }

  /** Advances in sample steps so the chart and the time integrals stay exact at any speed. */
  function step(target: number) {
    if (!trainer) return;
    while (trainer.now() < target - 1e-9) {
      const next = Math.min(target, (Math.floor(trainer.now() / SAMPLE_S + 1e-9) + 1) * SAMPLE_S);
      const before = lastSnap ?? snapshot();
      const t0 = trainer.now();
      trainer.advance_to(next);
      if (before) {
        const busy = before.agents.filter(([, a]) => a === 2 || a === 3).length;
        const staffed = before.agents.filter(([, a]) => a >= 1 && a <= 3).length;
        busyArea += busy * (next - t0);
        staffArea += staffed * (next - t0);
      }
      lastSnap = snapshot();
      if (lastSnap && Math.abs(next % SAMPLE_S) < 1e-6) {
        const tot = sumTotals(lastSnap);
        samples.push({ t: next, queue: lastSnap.queue.reduce((a, b) => a + b, 0), offered: tot.offered, inThreshold: tot.answered_in_threshold });
        while (samples.length && samples[0].t < next - WINDOW_S - ROLL_S) samples.shift();
      }
    }
  }

  function sumTotals(s: Snapshot): ContactTally {
    const out = { arrivals: 0, offered: 0, answered: 0, handled: 0, abandoned: 0, answered_in_threshold: 0, wait_answered_sum: 0 } as ContactTally;
    for (const t of s.totals) for (const k of Object.keys(out)) out[k] += t[k] ?? 0;
    return out;
  }

  function erlang(): QueueMetrics | null {
    if (!info) return null;
    const lambda = Number(sArr.input.value) / 3600;
    const aht = Number(sAht.input.value) + (info.types[0].mean_wrap_s ?? 0);
    const pat = Number(sPat.input.value);
    return sim.queueMetrics(lambda, aht, pat > 0 ? pat : null, Number(sAgents.input.value), info.types[0].sl_threshold_s);
  }

  function render(force: boolean) {
    if (!trainer || !info) return;
    const s = lastSnap ?? snapshot();
    if (!s) return;
    lastSnap = s;
    clock.textContent = fmtClock(s.now);
    horizonBar.max = trainer.horizon();
    horizonBar.value = s.now;
    // queue
    const q = s.queue.reduce((a, b) => a + b, 0);
    const shown = Math.min(q, 60);
    if (queueLine.childElementCount !== shown || force) {
      queueLine.replaceChildren(...Array.from({ length: shown }, () => h('span', { class: 'contact' })));
      if (q > shown) queueLine.append(h('span', { class: 'more' }, `+${q - shown}`));
    }
    queueText.textContent = q === 0 ? 'Nobody waiting' : `${q} waiting`;
    queueText.dataset.value = String(q);
    // agents
    const counts = new Array(ACTIVITY.length).fill(0);
    if (agentGrid.childElementCount !== s.agents.length) agentGrid.replaceChildren(...s.agents.map(() => h('span', { class: 'agent' })));
    s.agents.forEach(([, a], i) => {
      counts[a]++;
      const el = agentGrid.children[i] as HTMLElement;
      const key = ACTIVITY[a]?.key ?? 'off';
      if (el.dataset.state !== key) {
        el.dataset.state = key;
        el.title = `Agent ${i + 1}: ${ACTIVITY[a]?.label}`;
      }
    });
    agentGrid.setAttribute('aria-label', `Agents: ${ACTIVITY.filter((x) => counts[x.code]).map((x) => `${counts[x.code]} ${x.label.toLowerCase()}`).join(', ')}`);
    legend.replaceChildren(...ACTIVITY.filter((x) => x.code !== 0 || counts[0] > 0).map((x) => h('li', {}, h('span', { class: 'swatch', 'data-state': x.key }), `${x.label} `, h('strong', {}, String(counts[x.code])))));
    // counters since start
    const o = s.overall;
    const kv = (k: string, v: string, raw: number | null | undefined) => [h('dt', {}, k), h('dd', { 'data-value': raw == null ? '' : String(raw) }, v)];
    counters.replaceChildren(
      ...kv('Offered', fmtInt(o.offered), o.offered),
      ...kv('Answered', fmtInt(o.answered), o.answered),
      ...kv('Abandoned', `${fmtInt(o.abandoned)} (${fmtPct(o.abandon_rate)})`, o.abandoned),
      ...kv(`Service level (${info.types[0].sl_threshold_s} s)`, fmtPct(o.service_level), o.service_level),
      ...kv('ASA', fmtSec(o.asa_s), o.asa_s),
      ...kv('Occupancy', fmtPct(staffArea > 0 ? busyArea / staffArea : null), staffArea > 0 ? busyArea / staffArea : null),
    );
    // simulation since last change vs Erlang
    const e = erlang();
    const tot = sumTotals(s);
    const m = mark ?? { t: 0, tally: tot, busy: 0, staffed: 0 };
    const d = (k: string) => tot[k] - (m.tally[k] ?? 0);
    const offered = d('offered');
    const answered = d('answered');
    const simSl = offered > 0 ? d('answered_in_threshold') / offered : null;
    const simAsa = answered > 0 ? d('wait_answered_sum') / answered : null;
    const simAb = offered > 0 ? d('abandoned') / offered : null;
    const sb = busyArea - m.busy;
    const ss = staffArea - m.staffed;
    const simOcc = ss > 0 ? sb / ss : null;
    const since = s.now - m.t;
    const model = Number(sPat.input.value) > 0 ? 'Erlang A' : 'Erlang C';
    const row = (label: string, a: string, b: string, testid: string) => h('tr', { 'data-testid': testid }, h('th', { scope: 'row' }, label), h('td', {}, a), h('td', {}, b));
    compareTable.replaceChildren(
      h('caption', {}, `Simulated over the last ${fmtSec(since)} (since the last change) vs ${model} steady state for the current settings`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPI'), h('th', { scope: 'col' }, 'Simulated'), h('th', { scope: 'col' }, model))),
      h(
        'tbody',
        {},
        row('Service level', fmtPct(simSl), e?.stable === false ? 'unstable (0 %)' : fmtPct(e?.service_level), 'cmp-sl'),
        row('ASA', fmtSec(simAsa), e?.stable === false ? '∞' : fmtSec(e?.asa_s), 'cmp-asa'),
        row('Abandonment', fmtPct(simAb), fmtPct(e?.abandon_rate), 'cmp-ab'),
        row('Occupancy', fmtPct(simOcc), fmtPct(e?.occupancy), 'cmp-occ'),
        row('Offered in this stretch', fmtInt(offered), `${fmtInt((Number(sArr.input.value) * since) / 3600)} expected`, 'cmp-offered'),
      ),
    );
    updateChart(s.now, e, force);
  }

  function buildChart() {
    chart?.destroy();
    chart = makeChart(rolling.canvas, {
      labels: [],
      series: [
        { label: 'Queue (waiting)', data: [], color: COLORS.purple, yAxis: 'y2' },
        { label: 'Service level, rolling 15 min', data: [], color: COLORS.blue },
        { label: 'Erlang SL', data: [], color: COLORS.blue, dashed: true },
      ],
      yMin: 0,
      yMax: 1,
      yFormat: (v) => fmtPct(v, 0),
      y2Min: 0,
      y2Title: 'waiting',
      maxTicks: 9,
    });
  }

  function updateChart(now: number, e: QueueMetrics | null, force: boolean) {
    if (!chart) return;
    const wall = performance.now();
    if (!force && wall - lastChartUpdate < 200) return;
    lastChartUpdate = wall;
    const pts = samples.filter((x) => x.t >= now - WINDOW_S);
    const labels = pts.map((x) => fmtClock(x.t).slice(6, 11));
    const sl = pts.map((x) => {
      const prev = samples.find((y) => y.t >= x.t - ROLL_S);
      if (!prev || prev === x) return null;
      const off = x.offered - prev.offered;
      return off > 0 ? (x.inThreshold - prev.inThreshold) / off : null;
    });
    chart.data.labels = labels;
    chart.data.datasets[0].data = pts.map((x) => x.queue);
    chart.data.datasets[1].data = sl;
    chart.data.datasets[2].data = pts.map(() => (e?.stable === false ? 0 : e?.service_level ?? null));
    chart.update('none');
  }

  scenarioSel.value = bundled(TRAINER_SCENARIO) ? TRAINER_SCENARIO : BUNDLED[0]?.id ?? '';
  speedOut.value = `${speed}×`;
  let loaded = false;

  return {
    show: () => {
      visible = true;
      view.hidden = false;
      if (!loaded) {
        loaded = true;
        load(scenarioSel.value);
      }
      chart?.resize();
      if (playing) setPlaying(true);
    },
    hide: () => {
      visible = false;
      view.hidden = true;
      cancelAnimationFrame(raf);
    },
  };
}

