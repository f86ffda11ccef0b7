// Filters and selections kept in the page's query string (?year=2026&batch=B01), so a view can be bookmarked and
// sent to a colleague inside the bureau. Pages read the initial value of each input from the link and write
// every change back with history.replaceState (no reload, no new history entry per click).
// Our own rather than a router library: three functions over URLSearchParams and history, which every browser has.

/** The link's value of `name`, if it is one of `allowed` (compared as text); otherwise `fallback`. */
export function urlParam<T>(name: string, allowed: readonly T[], fallback: T, key: (v: T) => string = String): T {
  const raw = new URLSearchParams(location.search).get(name);
  if (raw === null) return fallback;
  return allowed.find((v) => key(v) === raw) ?? fallback;
}

/** The link's text value of `name` (a search box), or "". */
export function urlText(name: string): string {
  return new URLSearchParams(location.search).get(name) ?? "";
}

/**
 * Sets the given parameters in the query string and keeps the others (a table's sort beside the filters); a
 * value that is null, "" or equal to its default in `defaults` is removed, so the link stays short and an
 * unchanged page has none.
 */
export function updateUrlParams(
  values: Record<string, string | number | boolean | null | undefined>,
  defaults: Record<string, string | number | boolean | null | undefined> = {}
): void {
  const params = new URLSearchParams(location.search);
  for (const [name, value] of Object.entries(values)) {
    if (value === null || value === undefined || value === "" || String(value) === String(defaults[name] ?? ""))
      params.delete(name);
    else params.set(name, String(value));
  }
  const query = params.toString();
  const url = `${location.pathname}${query ? `?${query}` : ""}${location.hash}`;
  if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, "", url);
}

/** A link to `page` (e.g. "./statement.html") with the given parameters (null and "" left out). */
export function pageLink(page: string, values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && value !== "") params.set(name, String(value));
  }
  const query = params.toString();
  return query ? `${page}?${query}` : page;
}
