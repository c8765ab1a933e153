// The trainer's control card: center, clock, play / new day, speed, and the sliders for arrivals,
// AHT, agents and patience (they act on the first contact type and agent group).
import { h } from '../dom';
import { fmtClock, fmtSec } from '../format';
import { BUNDLED, TRAINER_SCENARIO, bundled } from '../scenarios';
import type { ModelInfo } from '../types';
import type { raw } from '../wasm';

export const SPEEDS = [1, 2, 5, 10, 30, 60, 120, 300, 600, 1000];

export interface Slider {
  input: HTMLInputElement;
  out: HTMLOutputElement;
  wrap: HTMLElement;
  unit: string;
  /** 0 shows as "never" (patience). */
  zeroIsNever: boolean;
}

function slider(id: string, label: string, min: number, max: number, step: number, unit: string, hint: string, zeroIsNever = false): Slider {
  const input = h('input', { id, type: 'range', min: String(min), max: String(max), step: String(step), 'data-testid': id });
  const out = h('output', { for: id, class: 'slider-value' });
  const wrap = h('div', { class: 'slider' }, h('label', { for: id }, label, h('small', { class: 'hint' }, ` ${hint}`)), h('div', { class: 'slider-row' }, input, out));
  return { input, out, wrap, unit, zeroIsNever };
}

export function fmtSlider(s: Slider, v: number): string {
  if (s.unit === 's') return v === 0 && s.zeroIsNever ? 'never' : fmtSec(v);
  return `${v}${s.unit ? ` ${s.unit}` : ''}`;
}

/** Sets a slider's value and range. */
export function setSlider(s: Slider, v: number, max: number): void {
  s.input.max = String(max);
  s.input.value = String(v);
  s.out.value = fmtSlider(s, v);
}

export function createControls() {
  const scenario = h('select', { id: 'trainer-scenario' }, BUNDLED.map((s) => h('option', { value: s.id }, s.title)));
  scenario.value = bundled(TRAINER_SCENARIO) ? TRAINER_SCENARIO : BUNDLED[0]?.id ?? '';
  const play = h('button', { type: 'button', class: 'btn primary', 'aria-pressed': 'false', 'data-testid': 'trainer-play' }, '▶ Play');
  const restart = h('button', { type: 'button', class: 'btn' }, '↺ New day');
  const speed = h('input', { id: 'trainer-speed', type: 'range', min: '0', max: String(SPEEDS.length - 1), step: '1', value: String(SPEEDS.indexOf(60)), 'data-testid': 'trainer-speed' });
  const speedOut = h('output', { for: 'trainer-speed', class: 'slider-value' }, '60×');
  const clock = h('div', { class: 'clock', role: 'timer', 'aria-live': 'off', 'data-testid': 'trainer-clock' }, 'Day 1 00:00:00');
  const horizonBar = h('progress', { max: '1', value: '0', 'aria-label': 'Time through the simulated day' });
  const arrivals = slider('trainer-arrivals', 'Arrivals per hour', 0, 1200, 10, '/h', '');
  const aht = slider('trainer-aht', 'Average handle time', 30, 900, 10, 's', '');
  const agents = slider('trainer-agents', 'Agents', 0, 60, 1, '', '');
  const patience = slider('trainer-patience', 'Mean patience', 0, 900, 10, 's', '(0 = callers never hang up)', true);
  const el = h(
    'section',
    { class: 'card trainer-controls', 'aria-label': 'Simulation controls' },
    h('div', { class: 'field' }, h('label', { for: 'trainer-scenario' }, 'Center'), scenario),
    h('div', { class: 'clock-box' }, clock, horizonBar),
    h('div', { class: 'play-row' }, play, restart),
    h('div', { class: 'slider' }, h('label', { for: 'trainer-speed' }, 'Speed'), h('div', { class: 'slider-row' }, speed, speedOut)),
    h('hr'),
    arrivals.wrap,
    aht.wrap,
    agents.wrap,
    patience.wrap,
    h('p', { class: 'hint' }, 'Sliders act on the first contact type and agent group, from the moment you move them.'),
  );

  /** The sliders show the loaded center's first contact type and the staff of its first group. */
  function showCenter(info: ModelInfo, staff: number) {
    const t = info.types[0];
    const rate = (t.rate_per_s[0] ?? 0) * 3600;
    setSlider(arrivals, Math.round(rate), Math.max(1200, Math.ceil((rate * 2) / 100) * 100));
    setSlider(aht, Math.round(t.mean_handle_s), Math.max(900, Math.ceil(t.mean_handle_s * 3)));
    setSlider(agents, staff, Math.max(60, staff * 2));
    setSlider(patience, Math.round(t.mean_patience_s ?? 0), 900);
  }

  /** Clock and day progress; the exact time (s) is in data-now. */
  function showTime(now: number, horizon: number) {
    clock.textContent = fmtClock(now);
    clock.dataset.now = String(now);
    horizonBar.max = horizon;
    horizonBar.value = now;
  }

  function showPlaying(p: boolean) {
    play.setAttribute('aria-pressed', String(p));
    play.textContent = p ? '❚❚ Pause' : '▶ Play';
  }

  return { el, scenario, play, restart, speed, speedOut, sliders: { arrivals, aht, agents, patience }, showCenter, showTime, showPlaying };
}

export type Controls = ReturnType<typeof createControls>;

/** Each slider, when moved, shows its value and hands `changed` what to apply to the running Trainer. */
export function wireSliders(c: Controls, changed: (apply: (t: raw.Trainer) => void) => void): void {
  const on = (s: Slider, apply: (t: raw.Trainer, v: number) => void) => {
    s.input.addEventListener('input', () => {
      const v = Number(s.input.value);
      s.out.value = fmtSlider(s, v);
      changed((t) => apply(t, v));
    });
  };
  const { arrivals, aht, agents, patience } = c.sliders;
  on(arrivals, (t, v) => t.set_arrival_rate(0, v));
  on(aht, (t, v) => t.set_handle_mean(0, v));
  on(agents, (t, v) => t.set_agents(0, v));
  on(patience, (t, v) => t.set_patience_mean(0, v > 0 ? v : 0));
}
