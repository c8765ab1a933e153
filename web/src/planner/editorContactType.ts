// Editor: one contact type — id, channel, priority, arrivals, handle/wrap-up/patience
// distributions and its service targets.
import { h } from '../dom';
import type { ContactTypeSpec, ScenarioJson } from '../types';
import { distEditor } from './distEditor';
import type { EditorContext } from './editor';
import { arrivalFields } from './editorArrivals';
import { num, select, text } from './formFields';

export function contactTypeSection(ctx: EditorContext, t: ContactTypeSpec, i: number): HTMLElement {
  const { s, ch, restructure, info } = ctx;
  const p = `contact_types[${i}]`;
  const volume = arrivalFields(ctx, t, p);
  const sl = t.service_level;
  const removeBtn = h('button', { type: 'button', class: 'btn small danger', 'aria-label': `Remove contact type ${t.id}` }, 'Remove');
  removeBtn.addEventListener('click', () => {
    s.contact_types.splice(i, 1);
    for (const g of s.agent_groups) g.skills = g.skills.filter((k) => k !== t.id);
    restructure();
  });
  const rate = info?.types[i];
  const summary = rate ? ` — ${Math.round(rate.rate_per_s.slice(0, info?.intervals_per_day ?? 48).reduce((x, y) => x + y, 0) * (info?.interval_s ?? 1800))} / day` : '';
  return h(
    'details',
    { class: 'section', 'data-section': `type-${i}` },
    h('summary', {}, `Contact type: ${t.id || '(no id)'}`, h('span', { class: 'muted' }, ` ${t.channel ?? 'voice'}${summary}`)),
    h(
      'div',
      { class: 'grid2' },
      text({ label: 'Id', path: `${p}.id`, value: t.id, set: (v) => renameType(s, t.id, v, t), onChange: ch }),
      select({ label: 'Channel', path: `${p}.channel`, value: t.channel ?? 'voice', options: [['voice', 'Voice'], ['chat', 'Chat'], ['email', 'Email / written']], set: (v) => (t.channel = v), onChange: restructure }),
      num({ label: 'Priority', path: `${p}.priority`, value: t.priority ?? 0, step: '1', set: (v) => (t.priority = v ?? 0), onChange: ch, hint: 'higher is served first' }),
    ),
    h('h4', {}, 'Arrivals'),
    h('div', { class: 'grid2' }, volume),
    h('h4', {}, 'Handling and patience'),
    h(
      'div',
      { class: 'dists' },
      distEditor({ legend: 'Handle (talk) time', path: `${p}.handle_time`, value: t.handle_time, onChange: (d) => { if (d) t.handle_time = d; ch(); } }),
      distEditor({ legend: 'Wrap-up', path: `${p}.wrap_up`, value: t.wrap_up, optional: 'No wrap-up', onChange: (d) => { if (d) t.wrap_up = d; else delete t.wrap_up; ch(); } }),
      t.channel === 'email'
        ? null
        : distEditor({ legend: 'Patience', path: `${p}.patience`, value: t.patience, optional: 'Never abandons', onChange: (d) => { if (d) t.patience = d; else delete t.patience; ch(); } }),
    ),
    h('h4', {}, 'Targets'),
    h(
      'div',
      { class: 'grid2' },
      num({
        label: 'Answer within',
        unit: 's',
        path: `${p}.service_level.threshold_s`,
        value: sl?.threshold_s,
        optional: true,
        min: 0,
        set: (v) => {
          if (v == null) delete t.service_level;
          else t.service_level = { ...t.service_level, threshold_s: v };
        },
        onChange: ch,
      }),
      num({
        label: 'Service-level target',
        unit: '%',
        scale: 100,
        path: `${p}.service_level.target`,
        value: sl?.target,
        optional: true,
        min: 0,
        max: 100,
        set: (v) => {
          // the target is optional: clearing it keeps the threshold (the SL KPIs still count)
          if (v == null) {
            if (t.service_level) delete t.service_level.target;
          } else t.service_level = { threshold_s: t.service_level?.threshold_s ?? 20, target: v };
        },
        onChange: ch,
      }),
      num({ label: 'Max abandonment', unit: '%', scale: 100, path: `${p}.max_abandon_rate`, value: t.max_abandon_rate, optional: true, min: 0, max: 100, set: (v) => (v == null ? delete t.max_abandon_rate : (t.max_abandon_rate = v)), onChange: ch }),
    ),
    h('div', { class: 'row-actions' }, removeBtn),
  );
}

/** Renames a contact type and the skills that name it. */
function renameType(s: ScenarioJson, oldId: string, newId: string, t: ContactTypeSpec) {
  t.id = newId;
  for (const g of s.agent_groups) g.skills = g.skills.map((k) => (k === oldId ? newId : k));
}
