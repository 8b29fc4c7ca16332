import type { Migration } from 'kysely';
import * as tenantsAndBlueprints from './2026-11-23-0001-tenants-and-blueprints.ts';
import * as customers from './2026-11-23-0002-customers.ts';
import * as cases from './2026-11-23-0003-cases.ts';
import * as notificationsAndTaskKeys from './2026-11-23-0004-notifications-and-task-keys.ts';
import * as caseLastSeq from './2026-11-23-0005-case-last-seq.ts';

/**
 * Every migration, by name, in the order they apply (kysely sorts the names, and the date prefix
 * makes that the order they were written). Listed in code rather than read from the folder, so
 * they travel inside a bundle. Add new ones at the end, with a later name.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '2026-11-23-0001-tenants-and-blueprints': tenantsAndBlueprints,
  '2026-11-23-0002-customers': customers,
  '2026-11-23-0003-cases': cases,
  '2026-11-23-0004-notifications-and-task-keys': notificationsAndTaskKeys,
  '2026-11-23-0005-case-last-seq': caseLastSeq,
};
