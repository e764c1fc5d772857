/**
 * The page's globals as the callbacks given to page.evaluate see them (they run in the page,
 * not here). The root project has no DOM library; each browser spec declares `window` and
 * `document` with these types for its own module only.
 */
export interface PageElement {
  textContent: string | null;
  hidden?: boolean;
  dataset: Record<string, string | undefined>;
  closest(selector: string): PageElement | null;
  getAttribute(name: string): string | null;
}

export interface PageDocument {
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): ArrayLike<PageElement>;
  scripts: ArrayLike<PageElement>;
}

export interface PageWindow {
  /** Set by a malicious name's script, were it ever to run. */
  __xss?: number;
  /** Set by a test; still there afterwards = the page was not reloaded. */
  __sameDocument?: boolean;
}
