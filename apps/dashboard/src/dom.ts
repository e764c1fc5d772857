/**
 * The page's only way of making elements: text always goes into text nodes, attributes through
 * setAttribute with names from this file's callers (never `on…` or `style`: listeners are
 * functions, and the Content-Security-Policy forbids style attributes). Nothing here parses
 * HTML, so a township name like `<img src=x onerror=…>` stays the text it is.
 */
export type Child = Node | string | number | null | undefined | false | readonly Child[];

export interface Props {
  class?: string;
  /** Listeners by event name. */
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
  /** data-* attributes by their name after "data-". */
  data?: Record<string, string | number | undefined>;
  [attribute: string]: unknown;
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$)/i;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
    return;
  }
  parent.appendChild(
    child instanceof Node ? child : document.createTextNode(String(child as string | number)),
  );
}

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Props | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'on') {
      for (const [type, listener] of Object.entries(value as Props['on'] & object))
        if (listener) element.addEventListener(type, listener as EventListener);
    } else if (name === 'data') {
      for (const [key, v] of Object.entries(value as Record<string, unknown>))
        if (v !== undefined) element.dataset[key] = String(v);
    } else {
      if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`attribute ${name} is not allowed`);
      element.setAttribute(
        name === 'className' ? 'class' : name,
        value === true ? '' : String(value),
      );
    }
  }
  for (const child of children) append(element, child);
  return element;
}

/** Replaces an element's content with these children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  while (parent.firstChild) parent.removeChild(parent.firstChild);
  for (const child of children) append(parent, child);
}

/** Sets a text node's text only when it changed (live updates touch nothing else). */
export function setText(element: Element, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

/** An href inside the dashboard: a path of encoded segments and a query. */
export function dashboardHref(
  segments: readonly string[],
  query: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '') params.set(k, v);
  const qs = params.toString();
  return '/' + ['dashboard', ...segments].map(encodeURIComponent).join('/') + (qs ? `?${qs}` : '');
}
