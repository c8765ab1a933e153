// The scenario toolbar: bundled scenarios, import, blank template, export and share link.
import { h } from '../dom';
import { BLANK_TEMPLATE, BUNDLED, bundled } from '../scenarios';
import type { Format } from '../types';

export interface Toolbar {
  el: HTMLElement;
  picker: HTMLSelectElement;
  /** Shows the share link (and whether it was copied) after `share` made it. */
  shared(url: string, copied: boolean): void;
}

export function createToolbar(on: { load(text: string, format: Format, label: string): void; export(format: Format): void; share(): void }): Toolbar {
  const picker = h(
    'select',
    { id: 'scenario-picker', 'data-testid': 'scenario-picker' },
    h('option', { value: '' }, '— choose —'),
    BUNDLED.map((s) => h('option', { value: s.id }, `${s.title} (${s.file})`)),
  );
  picker.addEventListener('change', () => {
    const s = bundled(picker.value);
    if (s) on.load(s.text, 'toml', `bundled: ${s.file}`);
  });
  const fileInput = h('input', { type: 'file', accept: '.toml,.json,application/json,text/plain', class: 'sr-only', id: 'import-file', tabindex: '-1', 'aria-hidden': 'true' });
  fileInput.addEventListener('change', async () => {
    const f = fileInput.files?.[0];
    if (!f) return;
    on.load(await f.text(), f.name.toLowerCase().endsWith('.json') ? 'json' : 'toml', `file: ${f.name}`);
    fileInput.value = '';
    picker.value = '';
  });
  const button = (label: string, click: () => void, testid?: string) => {
    const b = h('button', { type: 'button', class: 'btn', 'data-testid': testid }, label);
    b.addEventListener('click', click);
    return b;
  };
  const importBtn = button('Import TOML/JSON…', () => fileInput.click());
  const blankBtn = button('Blank template', () => {
    picker.value = '';
    on.load(BLANK_TEMPLATE, 'toml', 'blank template');
  });
  const shareBtn = button('Share link', () => on.share(), 'share');
  const shareOut = h('input', { type: 'text', readonly: true, class: 'share-out', 'aria-label': 'Share link', hidden: true });
  const el = h(
    'section',
    { class: 'toolbar card', 'aria-label': 'Scenario' },
    h('div', { class: 'toolbar-group' }, h('label', { for: 'scenario-picker' }, 'Bundled scenario'), picker),
    h('div', { class: 'toolbar-group' }, importBtn, fileInput, blankBtn),
    h('div', { class: 'toolbar-group end' }, button('Export TOML', () => on.export('toml')), button('Export JSON', () => on.export('json')), shareBtn),
    shareOut,
  );

  function shared(url: string, copied: boolean) {
    shareOut.hidden = false;
    shareOut.value = url;
    shareOut.select();
    shareBtn.textContent = copied ? 'Link copied ✓' : 'Link below ↓';
    setTimeout(() => (shareBtn.textContent = 'Share link'), 2500);
  }

  return { el, picker, shared };
}
