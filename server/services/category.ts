// Services `category` (list, get) and `categoryEntry` (add, list, delete) over the seeded tree
// (state/categories.ts), with categoryEntry::add's checks in Kaltura's order: the entry, the
// category, the 32-category limit, entitlement (a members-only category refuses a non-member:
// CANNOT_ASSIGN_ENTRY_TO_CATEGORY), an ACTIVE membership already there
// (CATEGORY_ENTRY_ALREADY_EXISTS); a moderated category makes a plain user's membership PENDING.
// All open to a USER KS; categoryEntry.add has no ownership check on the entry (no @validateUser).
import { enumType, type ApiObject, type ObjectType, type PropertySpec } from '../core/arguments.ts';
import { ApiError } from '../core/errors.ts';
import { commaList, filterValues, listResponse, page, pagerType } from '../core/list.ts';
import type { CallContext, ServiceDef } from '../core/service.ts';
import { CATEGORIES, ContributionPolicy, findCategory, fullIds, fullName, MAX_CATEGORIES_PER_ENTRY, type CategoryRecord } from '../state/categories.ts';
import type { EntryRecord } from '../state/store.ts';
import { EntryStatus } from './media-content.ts';

/** KalturaCategoryEntryStatus. */
const CategoryEntryStatus = { PENDING: 1, ACTIVE: 2 } as const;

const str: PropertySpec = { type: 'string' };
const categoryEntryType: ObjectType = {
  kind: 'object', name: 'KalturaCategoryEntry',
  properties: { categoryId: { type: 'int' }, entryId: str, status: { type: enumType('KalturaCategoryEntryStatus', [1, 2, 3, 4]), access: 'readonly' } },
};
const categoryEntryFilterType: ObjectType = {
  kind: 'object', name: 'KalturaCategoryEntryFilter',
  properties: { entryIdEqual: str, entryIdIn: str, categoryIdEqual: { type: 'int' }, categoryIdIn: str, statusIn: str, orderBy: str },
};
const categoryFilterType: ObjectType = {
  kind: 'object', name: 'KalturaCategoryFilter',
  properties: { idEqual: { type: 'int' }, idIn: str, parentIdEqual: { type: 'int' }, fullNameStartsWith: str, orderBy: str },
};

export function categoryView(c: CategoryRecord, entries: number): Record<string, unknown> {
  return {
    id: c.id, parentId: c.parentId, depth: fullIds(c).split('>').length - 1, name: c.name, fullName: fullName(c), fullIds: fullIds(c),
    entriesCount: entries, moderation: c.moderation, contributionPolicy: c.contributionPolicy, objectType: 'KalturaCategory',
  };
}

const membershipView = (entryId: string, m: NonNullable<EntryRecord['categoryEntries']>[number]) => {
  const category = findCategory(m.categoryId);
  return {
    categoryId: m.categoryId, entryId, createdAt: Math.floor(m.createdAt / 1000), categoryFullIds: category ? fullIds(category) : undefined,
    status: m.status, creatorUserId: m.creatorUserId || undefined, objectType: 'KalturaCategoryEntry',
  };
};

/** Entries the category holds (any status but deleted). */
const countIn = (ctx: CallContext, id: number) =>
  [...ctx.server.store.entries.values()].filter((e) => e.status !== EntryStatus.DELETED && e.categoryEntries?.some((m) => m.categoryId === id)).length;

export const categoryService: ServiceDef = {
  list: {
    params: [{ name: 'filter', type: categoryFilterType, optional: true }, { name: 'pager', type: pagerType, optional: true }],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const ids = commaList(f.idIn)?.map(Number);
      const found = CATEGORIES.filter(
        (c) => (f.idEqual === undefined || c.id === f.idEqual) && (!ids || ids.includes(c.id)) && (f.parentIdEqual === undefined || c.parentId === f.parentIdEqual) &&
          (typeof f.fullNameStartsWith !== 'string' || fullName(c).startsWith(f.fullNameStartsWith)),
      ).sort((a, b) => fullName(a).localeCompare(fullName(b)));
      return listResponse(page(found, args.pager).map((c) => categoryView(c, countIn(ctx, c.id))), found.length, 'KalturaCategoryListResponse');
    },
  },
  get: {
    params: [{ name: 'id', type: 'int' }],
    async run(ctx, args) {
      const c = findCategory(args.id as number);
      if (!c) throw new ApiError('CATEGORY_NOT_FOUND', args.id);
      return categoryView(c, countIn(ctx, c.id));
    },
  },
};

export const categoryEntryService: ServiceDef = {
  add: {
    params: [{ name: 'categoryEntry', type: categoryEntryType }],
    async run(ctx, args) {
      const { values } = args.categoryEntry as ApiObject;
      if (values.categoryId == null) throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', 'categoryId');
      if (values.entryId == null) throw new ApiError('PROPERTY_VALIDATION_CANNOT_BE_NULL', 'entryId');
      const entryId = values.entryId as string;
      if (ctx.log) ctx.log.entryId = entryId;
      const entry = ctx.server.store.entries.get(entryId);
      if (!entry || entry.partnerId !== ctx.session.partnerId || entry.status === EntryStatus.DELETED) throw new ApiError('INVALID_ENTRY_ID', entryId);
      const category = findCategory(values.categoryId as number);
      if (!category) throw new ApiError('CATEGORY_NOT_FOUND', values.categoryId);
      const memberships = (entry.categoryEntries ??= []);
      if (memberships.length >= MAX_CATEGORIES_PER_ENTRY) throw new ApiError('MAX_CATEGORIES_FOR_ENTRY_REACHED', MAX_CATEGORIES_PER_ENTRY);
      const { isAdmin, userId } = ctx.session;
      // Entitlement is enforced for user sessions (an admin KS has it off unless it asks for it).
      if (!isAdmin && category.contributionPolicy !== ContributionPolicy.ALL && !category.members.includes(userId)) throw new ApiError('CANNOT_ASSIGN_ENTRY_TO_CATEGORY');
      const existing = memberships.find((m) => m.categoryId === category.id);
      if (existing?.status === CategoryEntryStatus.ACTIVE) throw new ApiError('CATEGORY_ENTRY_ALREADY_EXISTS');
      if (existing) return membershipView(entry.id, existing);
      const membership = {
        categoryId: category.id, status: category.moderation && !isAdmin ? CategoryEntryStatus.PENDING : CategoryEntryStatus.ACTIVE,
        creatorUserId: userId, createdAt: Date.now(),
      };
      memberships.push(membership);
      await ctx.server.store.save(entry);
      return membershipView(entry.id, membership);
    },
  },
  list: {
    params: [{ name: 'filter', type: categoryEntryFilterType, optional: true }, { name: 'pager', type: pagerType, optional: true }],
    async run(ctx, args) {
      const f = filterValues(args.filter);
      const entryIds = commaList(f.entryIdIn);
      const categoryIds = commaList(f.categoryIdIn)?.map(Number);
      const statuses = commaList(f.statusIn)?.map(Number);
      const rows = [...ctx.server.store.entries.values()]
        .filter((e) => e.partnerId === ctx.session.partnerId && e.status !== EntryStatus.DELETED && (f.entryIdEqual === undefined || e.id === f.entryIdEqual) && (!entryIds || entryIds.includes(e.id)))
        .flatMap((e) => (e.categoryEntries ?? []).map((m) => ({ e, m })))
        .filter(({ m }) => (f.categoryIdEqual === undefined || m.categoryId === f.categoryIdEqual) && (!categoryIds || categoryIds.includes(m.categoryId)) && (!statuses || statuses.includes(m.status)));
      return listResponse(page(rows, args.pager).map(({ e, m }) => membershipView(e.id, m)), rows.length, 'KalturaCategoryEntryListResponse');
    },
  },
};
