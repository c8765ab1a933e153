// What the trainer shows of the center now: the queue as a line of contacts, agents as tiles by
// activity, counters since the start, and the simulation beside Erlang C/A since the last change.
import { h } from '../dom';
import { fmtInt, fmtPct, fmtSec } from '../format';
import type { ContactTally, ModelInfo, QueueMetrics, Snapshot } from '../types';
import type { Mark } from './session';

export const ACTIVITY = [
  { code: 0, key: 'off', label: 'Off shift' },
  { code: 1, key: 'idle', label: 'Idle' },
  { code: 2, key: 'talking', label: 'Talking' },
  { code: 3, key: 'wrap', label: 'Wrap-up' },
  { code: 4, key: 'break', label: 'Break' },
  { code: 5, key: 'absent', label: 'Absent' },
  { code: 6, key: 'offphone', label: 'Off-phone' },
] as const;

/** The queue card: a line of waiting contacts (at most 60 drawn) and their number. */
export function createQueuePanel() {
  const line = h('div', { class: 'queue-line', 'aria-hidden': 'true' });
  const text = h('p', { class: 'queue-text', 'data-testid': 'trainer-queue' });
  const el = h('section', { class: 'card', 'aria-label': 'Queue' }, h('h2', {}, 'Queue'), line, text);
  function render(s: Snapshot, force: boolean) {
    const q = s.queue.reduce((a, b) => a + b, 0);
    const shown = Math.min(q, 60);
    if (line.childElementCount !== shown || force) {
      line.replaceChildren(...Array.from({ length: shown }, () => h('span', { class: 'contact' })));
      if (q > shown) line.append(h('span', { class: 'more' }, `+${q - shown}`));
    }
    text.textContent = q === 0 ? 'Nobody waiting' : `${q} waiting`;
    text.dataset.value = String(q);
  }
  return { el, render };
}

/** The agents card: one tile per agent coloured by activity, the team size the slider sets, a legend. */
export function createAgentsPanel() {
  const team = h('p', { class: 'muted', 'data-testid': 'trainer-team' });
  const grid = h('div', { class: 'agent-grid', role: 'img', 'aria-label': 'Agents by state', 'data-testid': 'trainer-agents-grid' });
  const legend = h('ul', { class: 'legend' });
  const el = h('section', { class: 'card', 'aria-label': 'Agents' }, h('h2', {}, 'Agents'), team, grid, legend);
  function render(s: Snapshot, teamSize: number, teamId: string) {
    team.textContent = `${teamSize} agent${teamSize === 1 ? '' : 's'} on the team “${teamId}” (those leaving finish the contact in hand)`;
    team.dataset.value = String(teamSize);
    const counts = new Array(ACTIVITY.length).fill(0);
    if (grid.childElementCount !== s.agents.length) grid.replaceChildren(...s.agents.map(() => h('span', { class: 'agent' })));
    s.agents.forEach(([, a], i) => {
      counts[a]++;
      const tile = grid.children[i] as HTMLElement;
      const key = ACTIVITY[a]?.key ?? 'off';
      if (tile.dataset.state !== key) {
        tile.dataset.state = key;
        tile.title = `Agent ${i + 1}: ${ACTIVITY[a]?.label}`;
      }
    });
    grid.setAttribute('aria-label', `Agents: ${ACTIVITY.filter((x) => counts[x.code]).map((x) => `${counts[x.code]} ${x.label.toLowerCase()}`).join(', ')}`);
    legend.replaceChildren(...ACTIVITY.filter((x) => x.code !== 0 || counts[0] > 0).map((x) => h('li', {}, h('span', { class: 'swatch', 'data-state': x.key }), `${x.label} `, h('strong', {}, String(counts[x.code])))));
  }
  return { el, render };
}

const kv = (k: string, v: string, raw: number | null | undefined, testid?: string) => [h('dt', {}, k), h('dd', { 'data-value': raw == null ? '' : String(raw), 'data-testid': testid }, v)];

/** Counters since the start (sim-core's KPIs of the running tallies; occupancy from its agent time). */
export function renderCounters(host: HTMLElement, s: Snapshot, info: ModelInfo, occupancy: number | null): void {
  const o = s.overall;
  host.replaceChildren(
    ...kv('Offered', fmtInt(o.offered), o.offered),
    ...kv('Answered', fmtInt(o.answered), o.answered),
    ...kv('Abandoned', `${fmtInt(o.abandoned)} (${fmtPct(o.abandon_rate)})`, o.abandoned),
    ...kv(`Service level (${info.types[0].sl_threshold_s} s)`, fmtPct(o.service_level), o.service_level),
    ...kv('ASA', fmtSec(o.asa_s), o.asa_s),
    ...kv('Occupancy', fmtPct(occupancy), occupancy, 'trainer-occupancy'),
  );
}

export interface Stretch {
  snap: Snapshot;
  totals: ContactTally;
  mark: Mark;
  occupancy: number | null;
  erlang: QueueMetrics | null;
  model: string;
  /** Contacts per hour on the arrivals slider. */
  perHour: number;
}

/** The simulation since the last change beside the Erlang steady state for the current settings. */
export function renderComparison(table: HTMLElement, x: Stretch): void {
  const { totals: tot, mark: m, erlang: e, model } = x;
  const d = (k: string) => tot[k] - (m.tally[k] ?? 0);
  const offered = d('offered');
  const answered = d('answered');
  const since = x.snap.now - m.t;
  const row = (label: string, a: string, b: string, testid: string, value?: number | null) =>
    h('tr', { 'data-testid': testid }, h('th', { scope: 'row' }, label), h('td', { 'data-value': value == null ? '' : String(value) }, a), h('td', {}, b));
  const simSl = offered > 0 ? d('answered_in_threshold') / offered : null;
  const simAsa = answered > 0 ? d('wait_answered_sum') / answered : null;
  const simAb = offered > 0 ? d('abandoned') / offered : null;
  table.replaceChildren(
    h('caption', {}, `Simulated over the last ${fmtSec(since)} (since the last change) vs ${model} steady state for the current settings`),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'KPI'), h('th', { scope: 'col' }, 'Simulated'), h('th', { scope: 'col' }, model))),
    h(
      'tbody',
      {},
      row('Service level', fmtPct(simSl), e?.stable === false ? 'unstable (0 %)' : fmtPct(e?.service_level), 'cmp-sl', simSl),
      row('ASA', fmtSec(simAsa), e?.stable === false ? '∞' : fmtSec(e?.asa_s), 'cmp-asa', simAsa),
      row('Abandonment', fmtPct(simAb), fmtPct(e?.abandon_rate), 'cmp-ab', simAb),
      row('Occupancy', fmtPct(x.occupancy), fmtPct(e?.occupancy), 'cmp-occ', x.occupancy),
      row('Offered in this stretch', fmtInt(offered), `${fmtInt((x.perHour * since) / 3600)} expected`, 'cmp-offered', offered),
    ),
  );
}
