/**
 * Tiny DOM helpers. Text from files only ever goes in through textContent (never
 * innerHTML), so a server called `<img onerror=…>` is shown, not run.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text !== undefined) node.textContent = text;
  return node;
}

export function clear(node: Element): void {
  node.replaceChildren();
}

/** A section with a heading, the shape of every panel. */
export function panel(id: string, title: string): { section: HTMLElement; body: HTMLElement } {
  const section = el('section', { id, class: 'panel', 'aria-labelledby': `${id}-title` });
  section.append(el('h2', { id: `${id}-title` }, title));
  const body = el('div', { class: 'panel-body' });
  section.append(body);
  return { section, body };
}
