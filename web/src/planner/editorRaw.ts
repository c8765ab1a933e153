// Editor: the raw scenario text (TOML or JSON, the CLI's format) for everything the forms do not show.
import { h, nextId } from '../dom';
import type { EditorCallbacks } from './editor';

export function rawSection(cb: EditorCallbacks): HTMLElement {
  const rawId = nextId('raw');
  const raw = h('textarea', { id: rawId, rows: 18, spellcheck: 'false', class: 'mono', 'data-testid': 'raw-editor' });
  const rawFormat = h('select', { 'aria-label': 'Raw text format' }, h('option', { value: 'toml' }, 'TOML'), h('option', { value: 'json' }, 'JSON'));
  const rawDetails = h('details', { class: 'section', 'data-section': 'raw' });
  rawDetails.addEventListener('toggle', () => {
    if (rawDetails.open && raw.value === '') {
      raw.value = cb.rawText();
      rawFormat.value = 'toml';
    }
  });
  const applyRaw = h('button', { type: 'button', class: 'btn primary small', 'data-testid': 'apply-raw' }, 'Apply raw text');
  applyRaw.addEventListener('click', () => cb.applyRaw(raw.value, rawFormat.value as 'toml' | 'json'));
  const reload = h('button', { type: 'button', class: 'btn small' }, 'Reload from forms');
  reload.addEventListener('click', () => {
    raw.value = cb.rawText();
    rawFormat.value = 'toml';
  });
  rawDetails.append(
    h('summary', {}, 'Advanced: raw scenario text'),
    h('p', { class: 'hint' }, 'Everything the forms do not show (off-phone activities, routing, overflow, retries, callbacks, self-service, chat concurrency…). The format is the CLI’s; see docs/scenario.md.'),
    h('label', { for: rawId, class: 'sr-only' }, 'Raw scenario text'),
    raw,
    h('div', { class: 'row-actions' }, rawFormat, reload, applyRaw),
  );

  return rawDetails;
}
