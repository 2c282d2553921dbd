import type { TFunction } from 'i18next';

/** Names of shipped rules, playbooks, milestones and tasks come from the catalogs by key; admins' own ones as typed. */
export const named = (
  t: TFunction,
  group: 'rule' | 'playbook' | 'milestone' | 'task',
  key: string | null | undefined,
  fallback: string | null | undefined,
) => (key ? t(`ctas.${group}.${key}`, { defaultValue: fallback ?? key }) : (fallback ?? ''));

/** A CTA's reason in the reader's language: a catalog key with parameters, or the title typed by hand. */
export function reasonText(
  t: TFunction,
  cta: { reasonKey: string; reasonParams: Record<string, unknown>; title: string | null },
) {
  if (cta.title) return cta.title;
  const p = { ...cta.reasonParams };
  if ('milestoneKey' in p || 'milestone' in p)
    p.milestone = named(t, 'milestone', p.milestoneKey as string | null, p.milestone as string);
  return t(cta.reasonKey, { ...p, defaultValue: cta.reasonKey });
}

export const PRIORITY_COLOURS: Record<string, string> = {
  urgent: 'red',
  high: 'volcano',
  medium: 'gold',
  low: 'default',
};
export const TYPE_COLOURS: Record<string, string> = {
  risk: 'red',
  expansion: 'green',
  renewal: 'blue',
  onboarding: 'purple',
  advocacy: 'cyan',
};
