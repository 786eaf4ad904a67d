import { describe, expect, it } from 'vitest';
import {
  layerWindow,
  pageParam,
  pageRequest,
  pageResult,
  PAGE_SIZE,
  withPage,
} from '../../../../src/lib/ui/explorer/paging.ts';

describe('explorer pagination', () => {
  it('reads the page from the URL, 1 for anything odd', () => {
    expect(pageParam(new URLSearchParams(''))).toBe(1);
    expect(pageParam(new URLSearchParams('page=3'))).toBe(3);
    expect(pageParam(new URLSearchParams('page=0'))).toBe(1);
    expect(pageParam(new URLSearchParams('page=-2'))).toBe(1);
    expect(pageParam(new URLSearchParams('page=x'))).toBe(1);
    expect(pageParam(new URLSearchParams('rpage=4'), 'rpage')).toBe(4);
  });

  it('asks for one more than a page, within the API cap', () => {
    expect(pageRequest(1)).toEqual({ offset: '0', limit: String(PAGE_SIZE + 1) });
    expect(pageRequest(3, 10)).toEqual({ offset: '20', limit: '11' });
    expect(() => pageRequest(1, 100)).toThrow(RangeError);
  });

  it('knows from the extra item whether a next page exists', () => {
    const full = Array.from({ length: 11 }, (_, i) => i);
    const r = pageResult(full, 2, 10);
    expect(r.items).toHaveLength(10);
    expect(r).toMatchObject({ page: 2, hasPrev: true, hasNext: true, from: 11, to: 20 });
    const last = pageResult([1, 2, 3], 1, 10);
    expect(last).toMatchObject({ hasPrev: false, hasNext: false, from: 1, to: 3 });
    expect(pageResult([], 1, 10)).toMatchObject({ from: 0, to: 0, hasNext: false });
  });

  it('keeps the other query parameters when it changes the page', () => {
    const p = new URLSearchParams('address=sm1x&page=2');
    expect(withPage(p, 3)).toBe('?address=sm1x&page=3');
    expect(withPage(p, 1)).toBe('?address=sm1x');
    expect(withPage(new URLSearchParams('page=2'), 1)).toBe('');
    expect(withPage(p, 2, 'rpage')).toBe('?address=sm1x&page=2&rpage=2');
  });

  it('windows layers newest first', () => {
    expect(layerWindow(100, 1, 25)).toEqual([76, 100]);
    expect(layerWindow(100, 4, 25)).toEqual([1, 25]);
    expect(layerWindow(10, 2, 25)).toEqual([0, 0]);
  });
});
