// Chart.js set-up (tree-shaken: only the pieces used) and helpers for the charts of the app.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
  type ChartOptions,
} from 'chart.js';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Filler, Legend, Tooltip);
Chart.defaults.font.family = getComputedStyle(document.documentElement).getPropertyValue('--font').trim() || 'system-ui, sans-serif';
Chart.defaults.font.size = 12;
Chart.defaults.color = '#475569';
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export const COLORS = {
  blue: '#2563eb',
  blueBand: 'rgba(37, 99, 235, 0.16)',
  orange: '#ea580c',
  orangeBand: 'rgba(234, 88, 12, 0.14)',
  green: '#16a34a',
  red: '#dc2626',
  gray: '#64748b',
  purple: '#7c3aed',
  teal: '#0d9488',
};

export type Fmt = (v: number) => string;

export interface Series {
  label: string;
  data: (number | null)[];
  color: string;
  /** Band drawn behind the line (a 95 % CI unless `name` says otherwise, e.g. "80 % band"). */
  band?: { lo: (number | null)[]; hi: (number | null)[]; color: string; name?: string };
  dashed?: boolean;
  /** Draw as a step line (targets, staffing). */
  stepped?: boolean;
  type?: 'line' | 'bar';
  yAxis?: 'y' | 'y2';
  points?: boolean;
}

export interface ChartSpec {
  labels: (string | number)[];
  series: Series[];
  yTitle?: string;
  yFormat?: Fmt;
  yMin?: number;
  yMax?: number;
  y2Title?: string;
  y2Format?: Fmt;
  y2Min?: number;
  y2Max?: number;
  xTitle?: string;
  /** Show at most this many x tick labels. */
  maxTicks?: number;
  /** A dashed vertical line at this x index, labelled (e.g. the clock time: "now 11:00"). */
  marker?: { index: number; label: string };
}

/** Draws `spec.marker` (an inline plugin: no annotation plugin is bundled). */
function markerPlugin(marker: { index: number; label: string }) {
  return {
    id: 'ccsimMarker',
    afterDatasetsDraw(chart: Chart) {
      const x = chart.scales.x?.getPixelForValue(marker.index);
      const area = chart.chartArea;
      if (x == null || !Number.isFinite(x) || x < area.left || x > area.right) return;
      const c = chart.ctx;
      c.save();
      c.strokeStyle = '#0f172a';
      c.lineWidth = 1.5;
      c.setLineDash([4, 3]);
      c.beginPath();
      c.moveTo(x, area.top);
      c.lineTo(x, area.bottom);
      c.stroke();
      c.setLineDash([]);
      c.fillStyle = '#0f172a';
      c.font = `12px ${Chart.defaults.font.family ?? 'sans-serif'}`;
      c.textAlign = 'left';
      c.fillText(marker.label, x + 4, area.top + 12);
      c.restore();
    },
  };
}

export function makeChart(canvas: HTMLCanvasElement, spec: ChartSpec): Chart {
  const datasets: ChartDataset<'line' | 'bar', (number | null)[]>[] = [];
  /** Labels of the band datasets (left out of tooltips). */
  const bands = new Set<string>();
  for (const s of spec.series) {
    if (s.band) {
      const name = s.band.name ?? '95 % CI';
      bands.add(`${s.label} (${name} high)`).add(`${s.label} (${name})`);
      datasets.push({
        type: 'line',
        label: `${s.label} (${s.band.name ?? '95 % CI'} high)`,
        data: s.band.hi,
        borderWidth: 0,
        pointRadius: 0,
        fill: false,
        yAxisID: s.yAxis ?? 'y',
      });
      datasets.push({
        type: 'line',
        label: `${s.label} (${s.band.name ?? '95 % CI'})`,
        data: s.band.lo,
        borderWidth: 0,
        pointRadius: 0,
        backgroundColor: s.band.color,
        fill: '-1',
        yAxisID: s.yAxis ?? 'y',
      });
    }
    datasets.push({
      type: s.type ?? 'line',
      label: s.label,
      data: s.data,
      borderColor: s.color,
      backgroundColor: s.type === 'bar' ? s.color + 'cc' : s.color,
      borderWidth: s.type === 'bar' ? 0 : 2,
      borderDash: s.dashed ? [6, 4] : undefined,
      pointRadius: s.points ? 3 : 0,
      pointHoverRadius: 4,
      stepped: s.stepped ? 'middle' : false,
      tension: 0,
      spanGaps: true,
      yAxisID: s.yAxis ?? 'y',
    } as ChartDataset<'line' | 'bar', (number | null)[]>);
  }
  const fmt = spec.yFormat;
  const hasY2 = spec.series.some((s) => s.yAxis === 'y2');
  const options: ChartOptions<'line' | 'bar'> = {
    responsive: true,
    interaction: { mode: 'index', intersect: false },
    plugins: {
      legend: {
        display: spec.series.length > 1 || spec.series.some((s) => s.band),
        position: 'bottom',
        labels: { boxWidth: 14, boxHeight: 2, filter: (item) => !String(item.text).endsWith(' high)') },
      },
      tooltip: {
        filter: (item) => !bands.has(String(item.dataset.label)),
        callbacks: {
          label: (ctx) => {
            const v = ctx.parsed.y;
            const f = ctx.dataset.yAxisID === 'y2' ? spec.y2Format : fmt;
            return `${ctx.dataset.label}: ${v == null ? '—' : f ? f(v) : v}`;
          },
        },
      },
    },
    scales: {
      x: {
        title: spec.xTitle ? { display: true, text: spec.xTitle } : undefined,
        ticks: { maxTicksLimit: spec.maxTicks ?? 12, autoSkip: true, maxRotation: 0 },
        grid: { display: false },
      },
      y: {
        title: spec.yTitle ? { display: true, text: spec.yTitle } : undefined,
        min: spec.yMin,
        max: spec.yMax,
        ticks: fmt ? { callback: (v) => fmt(Number(v)) } : undefined,
        grid: { color: '#e2e8f0' },
      },
      ...(hasY2
        ? {
            y2: {
              position: 'right' as const,
              title: spec.y2Title ? { display: true, text: spec.y2Title } : undefined,
              min: spec.y2Min,
              max: spec.y2Max,
              ticks: spec.y2Format ? { callback: (v: string | number) => spec.y2Format?.(Number(v)) } : undefined,
              grid: { display: false },
            },
          }
        : {}),
    },
  };
  const plugins = spec.marker ? [markerPlugin(spec.marker)] : [];
  return new Chart(canvas, { type: 'line', data: { labels: spec.labels, datasets }, options, plugins } as never);
}

/** A titled chart card with an accessible description; returns the card and a setter. */
export function chartCard(title: string, description: string, id: string): { card: HTMLElement; canvas: HTMLCanvasElement } {
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', `${title}: ${description}`);
  const card = document.createElement('section');
  card.className = 'card chart-card';
  card.id = id;
  const h = document.createElement('h3');
  h.textContent = title;
  const p = document.createElement('p');
  p.className = 'chart-desc';
  p.textContent = description;
  const box = document.createElement('div');
  box.className = 'chart-box';
  box.append(canvas);
  card.append(h, p, box);
  return { card, canvas };
}

export { Chart };
