/** How a family member is related to the customer (family_members.relation). */
export type FamilyRelation = 'spouse' | 'child' | 'parent' | 'other';
export const FAMILY_RELATIONS: readonly FamilyRelation[] = ['spouse', 'child', 'parent', 'other'];

/** The relation seen from the other one: B is A's child, so A is B's parent. */
export function reverseRelation(r: FamilyRelation): FamilyRelation {
  return r === 'child' ? 'parent' : r === 'parent' ? 'child' : r;
}

/**
 * A customer of the store who is family of another: a family member linked to their customer
 * record (family_members.linked_customer_id, migration 0024), either way round. Points go to
 * these only (DOMAIN.md "transferred to family members").
 */
export interface LinkedFamily {
  customerId: string;
  name: string;
  phone: string;
  /** As seen from the customer whose family this is. */
  relation: FamilyRelation;
}
