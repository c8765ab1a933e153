// Editor: the scenario's general fields (name, days, intervals, warm-up, weekday, cost).
import { h } from '../dom';
import type { EditorContext } from './editor';
import { WEEKDAYS, num, select, text } from './formFields';

export function generalSection(ctx: EditorContext): HTMLElement {
  const { s, ch, intervalMin } = ctx;
  return h(
    'details',
    { class: 'section', open: true, 'data-section': 'general' },
    h('summary', {}, 'Scenario'),
    h(
      'div',
      { class: 'grid2' },
      text({ label: 'Name', path: 'name', value: s.name, set: (v) => (s.name = v), onChange: ch, wide: true }),
      num({ label: 'Days simulated', path: 'days', value: s.days ?? 1, set: (v) => (s.days = v as number), min: 1, step: '1', onChange: ch }),
      num({ label: 'Interval', unit: 'min', path: 'interval_minutes', value: intervalMin, set: (v) => (s.interval_minutes = v as number), min: 1, step: '1', onChange: ch, hint: 'must divide 1440' }),
      num({ label: 'Warm-up', unit: 'min', path: 'warmup_minutes', value: s.warmup_minutes ?? 0, set: (v) => (s.warmup_minutes = v ?? 0), min: 0, onChange: ch, hint: 'excluded from statistics' }),
      select({
        label: 'Day 1 is a',
        path: 'start_weekday',
        value: s.start_weekday ?? 'mon',
        options: WEEKDAYS.map((d) => [d, d[0].toUpperCase() + d.slice(1)]),
        set: (v) => (s.start_weekday = v),
        onChange: ch,
      }),
      num({
        label: 'Cost per agent hour',
        path: 'costs.agent_hour',
        value: s.costs?.agent_hour,
        optional: true,
        min: 0,
        set: (v) => {
          if (v == null) delete s.costs;
          else s.costs = { ...(s.costs ?? {}), agent_hour: v };
        },
        onChange: ch,
      }),
    ),
  );
}
