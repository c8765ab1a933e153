// The trainer's rolling chart: queue length and a 15-minute rolling service level over the last
// two simulated hours, with the Erlang service level for the current settings.
import { chartCard, COLORS, makeChart, type Chart } from '../charts';
import { fmtClock, fmtPct } from '../format';
import type { QueueMetrics } from '../types';
import { ROLL_S, WINDOW_S, type Sample } from './session';

export function createRollingChart() {
  const card = chartCard('Last two hours', 'queue length and service level over a rolling 15 minutes, with the Erlang prediction', 'trainer-chart');
  let chart: Chart | null = null;
  let lastUpdate = 0;

  function reset() {
    chart?.destroy();
    chart = makeChart(card.canvas, {
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

  /** Redraws at most five times a second unless `force`. */
  function update(samples: Sample[], now: number, e: QueueMetrics | null, force: boolean) {
    if (!chart) return;
    const wall = performance.now();
    if (!force && wall - lastUpdate < 200) return;
    lastUpdate = wall;
    const pts = samples.filter((x) => x.t >= now - WINDOW_S);
    const sl = pts.map((x) => {
      const prev = samples.find((y) => y.t >= x.t - ROLL_S);
      if (!prev || prev === x) return null;
      const off = x.offered - prev.offered;
      return off > 0 ? (x.inThreshold - prev.inThreshold) / off : null;
    });
    chart.data.labels = pts.map((x) => fmtClock(x.t).slice(6, 11));
    chart.data.datasets[0].data = pts.map((x) => x.queue);
    chart.data.datasets[1].data = sl;
    chart.data.datasets[2].data = pts.map(() => (e?.stable === false ? 0 : e?.service_level ?? null));
    chart.update('none');
  }

  return { el: card.card, reset, update, resize: () => chart?.resize() };
}
