// The partner's category tree, seeded (this server has no category.add): a public tree, a
// moderated category (entries a plain user adds wait as PENDING) and one whose contribution
// policy admits members only (entitlement: a non-member gets CANNOT_ASSIGN_ENTRY_TO_CATEGORY).
// Entitlement is on for this partner, as for a MediaSpace partner (FEATURE_ENTITLEMENT).

/** KalturaContributionPolicyType: 1 ALL, 2 MEMBERS_WITH_CONTRIBUTION_PERMISSION. */
export const ContributionPolicy = { ALL: 1, MEMBERS: 2 } as const;

export interface CategoryRecord {
  id: number;
  parentId: number;
  name: string;
  moderation: boolean;
  contributionPolicy: number;
  /** Users who may contribute where the policy admits members only. */
  members: readonly string[];
}

/** Kaltura's entry::MAX_CATEGORIES_PER_ENTRY. */
export const MAX_CATEGORIES_PER_ENTRY = 32;

export const CATEGORIES: readonly CategoryRecord[] = [
  { id: 11, parentId: 0, name: 'Courses', moderation: false, contributionPolicy: ContributionPolicy.ALL, members: [] },
  { id: 12, parentId: 11, name: 'Biology', moderation: false, contributionPolicy: ContributionPolicy.ALL, members: [] },
  { id: 13, parentId: 11, name: 'Physics', moderation: false, contributionPolicy: ContributionPolicy.ALL, members: [] },
  { id: 14, parentId: 0, name: 'Reviewed', moderation: true, contributionPolicy: ContributionPolicy.ALL, members: [] },
  { id: 15, parentId: 0, name: 'Staff only', moderation: false, contributionPolicy: ContributionPolicy.MEMBERS, members: ['staff-user'] },
];

export const findCategory = (id: number) => CATEGORIES.find((c) => c.id === id);

/** `Courses>Biology`: names from the root, joined by `>` (categoryPeer::CATEGORY_SEPARATOR). */
export function fullName(category: CategoryRecord): string {
  const parent = category.parentId ? findCategory(category.parentId) : undefined;
  return parent ? `${fullName(parent)}>${category.name}` : category.name;
}

export function fullIds(category: CategoryRecord): string {
  const parent = category.parentId ? findCategory(category.parentId) : undefined;
  return parent ? `${fullIds(parent)}>${category.id}` : String(category.id);
}
