import type { Kysely } from 'kysely';
import { DEFAULT_RULES, parseRulesConfig, type RulesConfig } from '../../shared/domain/rules/config';
import type { HqDatabase } from '../db/schema';
import { getRulesConfig } from '../repos/admin';

/** The rules config HQ has published to the desks; the DOMAIN.md defaults until one is, or if the stored one no longer parses. */
export async function publishedRules(db: Kysely<HqDatabase>): Promise<RulesConfig> {
  const published = await getRulesConfig(db);
  const parsed = published ? parseRulesConfig(published.config) : null;
  return parsed?.ok ? parsed.config : DEFAULT_RULES;
}
