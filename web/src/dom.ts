// Minimal DOM helpers (no framework).

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

/** h('button', { class: 'x', onclick: f }, 'Run') */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: (Child | Child[])[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v == null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

export function append(el: Element, children: (Child | Child[])[]): void {
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : String(c));
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let uid = 0;
/** A unique id for label/for pairs. */
export function nextId(prefix = 'f'): string {
  return `${prefix}-${++uid}`;
}

/** A labelled form field. */
export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  const id = input.id || nextId();
  input.id = id;
  const hintEl = hint ? h('small', { class: 'hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: id }, label), input, hintEl);
}

export function download(name: string, text: string, type = 'text/plain'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = h('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Accessible tabs: arrow keys move between tabs, the panel follows. */
export function tabs(
  label: string,
  items: { id: string; title: string }[],
  onSelect: (id: string) => void,
  initial?: string,
  /** id of the one panel all tabs control (default: `panel-<tab id>`) */
  panel?: string,
): { el: HTMLElement; select(id: string): void; current(): string } {
  let current = initial ?? items[0]?.id ?? '';
  const buttons = items.map((it) =>
    h('button', {
      role: 'tab',
      type: 'button',
      id: `tab-${it.id}`,
      'data-tab': it.id,
      'aria-controls': panel ?? `panel-${it.id}`,
      class: 'tab',
    }, it.title),
  );
  const el = h('div', { role: 'tablist', 'aria-label': label, class: 'tabs' }, buttons);
  const select = (id: string, focus = false) => {
    current = id;
    buttons.forEach((b) => {
      const on = b.dataset.tab === id;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      if (on && focus) b.focus();
    });
    onSelect(id);
  };
  buttons.forEach((b, i) => {
    b.addEventListener('click', () => select(b.dataset.tab ?? ''));
    b.addEventListener('keydown', (e) => {
      const k = (e as KeyboardEvent).key;
      let j = -1;
      if (k === 'ArrowRight') j = (i + 1) % buttons.length;
      else if (k === 'ArrowLeft') j = (i - 1 + buttons.length) % buttons.length;
      else if (k === 'Home') j = 0;
      else if (k === 'End') j = buttons.length - 1;
      if (j >= 0) {
        e.preventDefault();
        select(buttons[j].dataset.tab ?? '', true);
      }
    });
  });
  buttons.forEach((b) => {
    const on = b.dataset.tab === current;
    b.setAttribute('aria-selected', String(on));
    b.tabIndex = on ? 0 : -1;
  });
  return { el, select: (id) => select(id), current: () => current };
}

/** Announces text to screen readers through the page's live region. */
export function announce(text: string): void {
  const el = document.getElementById('live');
  if (el) el.textContent = text;
}
