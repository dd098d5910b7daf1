import type { Checker, Rule, RuleMeta } from '../core/rule';
import type { Language, Localized } from '../core/types';

/** What a language folder contributes to a rule: its checker and the messages it reports. */
export interface LanguageRule<Tree = any> {
  check: Checker<Tree>;
  messages: Record<string, Localized>;
}

export interface RuleDefinition extends Omit<RuleMeta, 'languages' | 'messages'> {
  /** Messages shared by every language (fix titles, related-location notes). */
  messages?: Record<string, Localized>;
  implementations: Partial<Record<Language, LanguageRule>>;
}

/**
 * Composes a rule from its metadata and one implementation per language.
 * Message ids must be unique across languages; a clash is a programming error
 * caught by the registry test, so it throws at load time.
 */
export function defineRule(definition: RuleDefinition): Rule {
  const { implementations, messages: shared = {}, ...meta } = definition;
  const messages: Record<string, Localized> = { ...shared };
  const checks: Rule['checks'] = {};
  for (const [language, implementation] of Object.entries(implementations) as Array<[Language, LanguageRule]>) {
    for (const [id, message] of Object.entries(implementation.messages)) {
      if (messages[id]) throw new Error(`Rule ${meta.id}: message id "${id}" is defined twice.`);
      messages[id] = message;
    }
    checks[language] = implementation.check;
  }
  return { meta: { ...meta, languages: Object.keys(checks) as Language[], messages }, checks };
}
