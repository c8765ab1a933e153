// The quick what-if card: volume, AHT, shrinkage and agents per group, applied to the variant.
import { field, h } from '../dom';
import type { PlannerState } from './state';

export function createWhatIfPanel(st: PlannerState): { el: HTMLElement; render(): void } {
  const host = h('div', { class: 'whatif-fields' });
  const desc = h('p', { class: 'muted', 'data-testid': 'whatif-desc' });
  const el = h('section', { class: 'card whatif-card', 'aria-label': 'Quick what-if for the variant' }, h('h2', {}, 'Quick what-if ', h('span', { class: 'muted' }, '(applied to the variant)')), host, desc);

  const input = (label: string, unit: string, value: number, set: (v: number) => void, testid: string, step = '1') => {
    const box = h('input', { type: 'number', step, value: String(value), 'data-testid': testid });
    box.addEventListener('input', () => {
      set(Number(box.value) || 0);
      desc.textContent = st.whatifText();
    });
    return field(`${label} (${unit})`, box);
  };

  function render() {
    const q = st.quick;
    const groups = (st.variant ?? st.baseline)?.obj.agent_groups.map((g) => g.id) ?? [];
    host.replaceChildren(
      input('Volume', '±%', q.volumePct, (v) => (q.volumePct = v), 'whatif-volume'),
      input('AHT', '±%', q.ahtPct, (v) => (q.ahtPct = v), 'whatif-aht'),
      input('Shrinkage', '±pp', q.shrinkagePp, (v) => (q.shrinkagePp = v), 'whatif-shrinkage', '0.5'),
      ...groups.map((g) => input(`Agents in ${g}`, '±', q.agents[g] ?? 0, (v) => (q.agents[g] = v), `whatif-agents-${g}`)),
    );
    desc.textContent = st.whatifText();
  }

  return { el, render };
}
