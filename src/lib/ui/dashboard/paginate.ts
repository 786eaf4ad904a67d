// The v2alpha1 List methods cap `limit` at 100 (src/lib/api/context.ts checkLimit): a full read
// walks the pages by offset until one comes back short.
export const PAGE_LIMIT = 100;

/** Every item, page by page; `fetchPage(offset, limit)` asks for one page. */
export async function listAll<T>(
  fetchPage: (offset: number, limit: number) => Promise<readonly T[]>,
  limit: number = PAGE_LIMIT,
): Promise<T[]> {
  const out: T[] = [];
  for (;;) {
    const items = await fetchPage(out.length, limit);
    out.push(...items);
    if (items.length < limit) return out;
  }
}
