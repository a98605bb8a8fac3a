// A tiny DOM helper: h('div', {class: 'x', onclick: fn}, children...) builds real elements.

/** What may be passed as a child of h(). */
export type Child = Node | string | number | null | undefined | false | Child[];

/** Creates an element with attributes, event handlers (`on*`) and children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs?: Record<string, unknown> | null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith('on') && typeof value === 'function') {
        el.addEventListener(key.slice(2), value as EventListener);
      } else if (key === 'class') {
        el.className = String(value);
      } else if (key === 'style' && typeof value === 'object') {
        Object.assign(el.style, value);
      } else if (key === 'value' || key === 'checked' || key === 'selected' || key === 'disabled') {
        (el as unknown as Record<string, unknown>)[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Creates an SVG element with attributes. */
export function svg(tag: string, attrs: Record<string, string | number> = {}, ...children: (SVGElement | null)[]): SVGElement {
  const el = document.createElementNS('http://www.w3.org/2000/svg', tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children) if (c) el.appendChild(c);
  return el;
}

/** Appends children (flattening arrays, skipping empty values). */
export function append(parent: Node, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(parent, child);
    else parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/** A centered message for pages and tiles with nothing to show. */
export function emptyState(title: string, detail?: Child, icon = '○'): HTMLElement {
  return h('div', { class: 'empty' }, h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, icon), h('div', { class: 'empty-title' }, title), detail ? h('div', { class: 'empty-detail' }, detail) : null);
}

/** A message for something that failed. */
export function errorState(title: string, detail?: Child): HTMLElement {
  return h('div', { class: 'empty error', role: 'alert' }, h('div', { class: 'empty-icon', 'aria-hidden': 'true' }, '!'), h('div', { class: 'empty-title' }, title), detail ? h('div', { class: 'empty-detail' }, detail) : null);
}

/** A loading placeholder. */
export function loading(label = 'Loading…'): HTMLElement {
  return h('div', { class: 'loading', 'aria-busy': 'true' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), label);
}

/** A coloured pill for a status or resource type. */
export function badge(text: string, kind = text): HTMLElement {
  return h('span', { class: `badge badge-${kind.replace(/[^a-z0-9_-]/gi, '_').toLowerCase()}` }, text);
}
