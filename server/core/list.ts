// Filters, paging and list responses shared by the list actions (Kaltura*Filter, KalturaFilterPager,
// *ListResponse).
import type { ApiObject, ObjectType } from './arguments.ts';

export const pagerType: ObjectType = {
  kind: 'object',
  name: 'KalturaFilterPager',
  properties: { pageSize: { type: 'int' }, pageIndex: { type: 'int' } },
};

/** One page: pageSize defaults to 30 (at most 500), pageIndex to 1. */
export function page<T>(items: readonly T[], pager: unknown): T[] {
  const values = (pager as ApiObject | null)?.values ?? {};
  const size = Math.min(500, Number(values.pageSize) > 0 ? Number(values.pageSize) : 30);
  const index = Number(values.pageIndex) > 0 ? Number(values.pageIndex) : 1;
  return items.slice((index - 1) * size, index * size);
}

export const listResponse = (objects: unknown[], totalCount: number, objectType: string) => ({ objects, totalCount, objectType });

/** A list action's filter fields (none when it sent no filter). */
export const filterValues = (filter: unknown) => ((filter as ApiObject | null)?.values ?? {}) as Record<string, string | number | undefined>;

/** A filter's comma-separated list (`idIn`, `statusIn`, …): its items, or undefined when not given. */
export const commaList = (v: unknown): string[] | undefined => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
