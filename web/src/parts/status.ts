import { ApiError } from "../api.js";
import { h, replace } from "../dom.js";

// The three states of anything loaded from the API: loading, failed (the server's
// own words from its problem answer), and shown.

export const loading = (what = "Loading…"): HTMLElement =>
  h("p", { class: "muted", role: "status" }, what);

export const failure = (err: unknown): HTMLElement =>
  h("p", { class: "error", role: "alert" }, err instanceof ApiError ? err.message : String(err));

/** Fills `into` with what `load` gives, drawn by `draw`; "Loading…" meanwhile, the error if it fails. */
export function fill<T>(
  into: HTMLElement,
  load: Promise<T>,
  draw: (value: T) => Node | Node[],
): HTMLElement {
  replace(into, loading());
  load
    .then((v) => {
      const out = draw(v);
      replace(into, ...(Array.isArray(out) ? out : [out]));
    })
    // A failed request, or an answer the page could not draw: said, not left "Loading…".
    .catch((e: unknown) => replace(into, failure(e)));
  return into;
}

/** A box that fills itself. */
export const loaded = <T>(
  load: Promise<T>,
  draw: (value: T) => Node | Node[],
  tag: "div" | "section" = "div",
): HTMLElement => fill(h(tag), load, draw);

/** `load`, or `empty` when the API answers 404 (nothing stored about what was asked). */
export const orEmpty = <T>(load: Promise<T>, empty: T): Promise<T> =>
  load.catch((e: unknown) => {
    if (e instanceof ApiError && e.status === 404) return empty;
    throw e;
  });
