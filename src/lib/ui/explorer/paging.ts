// Pagination over the API's offset/limit lists: pages are 1-based in the URL (?page=2), each
// request asks for one item more than a page holds, so "next" shows only when there is more.

/** Items per page; one more than this is asked for, and services cap limit at 100. */
export const PAGE_SIZE = 25;
export const API_MAX_LIMIT = 100;

/** ?page=N → N (1 when absent, not a number, or below 1). */
export function pageParam(params: URLSearchParams, name = 'page'): number {
  const v = params.get(name);
  if (v === null || !/^\d{1,9}$/.test(v)) return 1;
  return Math.max(1, Number(v));
}

export interface PageRequest {
  readonly offset: string;
  readonly limit: string;
}

/** The offset/limit of a page (limit one over the size, to see if a next page exists). */
export function pageRequest(page: number, size = PAGE_SIZE): PageRequest {
  if (size + 1 > API_MAX_LIMIT) throw new RangeError(`page size ${size} over the API's cap`);
  return { offset: String((page - 1) * size), limit: String(size + 1) };
}

export interface PageResult<T> {
  readonly items: readonly T[];
  readonly page: number;
  readonly hasPrev: boolean;
  readonly hasNext: boolean;
  /** 1-based position of the first item shown (0 when empty). */
  readonly from: number;
  readonly to: number;
}

/** Cuts what a pageRequest returned down to the page and says which way one can go. */
export function pageResult<T>(got: readonly T[], page: number, size = PAGE_SIZE): PageResult<T> {
  const items = got.slice(0, size);
  const from = items.length === 0 ? 0 : (page - 1) * size + 1;
  return {
    items,
    page,
    hasPrev: page > 1,
    hasNext: got.length > size,
    from,
    to: items.length === 0 ? 0 : from + items.length - 1,
  };
}

/** The current URL's query with `page` set (removed for page 1). */
export function withPage(params: URLSearchParams, page: number, name = 'page'): string {
  const p = new URLSearchParams(params);
  if (page <= 1) p.delete(name);
  else p.set(name, String(page));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
}

/** Newest-first layer window of a page: [start, end] (inclusive) counting down from `top`. */
export function layerWindow(top: number, page: number, size = PAGE_SIZE): [number, number] {
  const end = top - (page - 1) * size;
  return [Math.max(0, end - size + 1), Math.max(0, end)];
}
