import { type Kysely, sql } from 'kysely';
import type { DB } from '../../db/types.js';
import { type Locale, translator } from '../../i18n/index.js';
import type { KeyBehaviour, ProductModule } from '../../shared/usage.js';
import { accountMilestoneRows, milestoneTemplateRows } from '../milestones/milestones.read.js';
import { ticketRows } from '../tickets/tickets.read.js';
import { eventCatalogueRows, usageDailyRows, userDailyRows } from '../usage/usage.history.read.js';

/** The month before `month` (YYYY-MM). */
export function previousMonth(month: string): string {
  const [y, m] = month.split('-').map(Number);
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
const firstDay = (month: string) => `${month}-01`;
const nextMonth = (month: string) => {
  const [y, m] = month.split('-').map(Number);
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

export interface ValueReportData {
  month: string;
  account: string;
  modules: { key: string; name: string | null; current: number; previous: number }[];
  activeUsers: { current: number; previous: number };
  keyBehaviour: { event: string; current: number; previous: number } | null;
  milestones: string[];
  ticketsResolved: number;
}

/**
 * What one account did in `month` against the month before, from the owners' read models: events per
 * product module (the catalogue's mapping; unmapped events together), distinct active people, the key
 * event, milestones completed and tickets solved or closed in the month (cut in the organisation's time zone).
 */
export async function valueReportData(
  db: Kysely<DB>,
  input: {
    accountId: string;
    account: string;
    month: string;
    timeZone: string;
    modules: ProductModule[];
    keyBehaviour: KeyBehaviour | null;
  },
): Promise<ValueReportData> {
  const { accountId, month, timeZone } = input;
  const from = firstDay(month);
  const to = firstDay(nextMonth(month));
  const prevFrom = firstDay(previousMonth(month));
  const { rows: usage } = await sql<{ module: string; current: number; previous: number }>`
    select coalesce(c.module, '') as module,
      coalesce(sum(u.count) filter (where u.day >= ${from}::date), 0)::int as current,
      coalesce(sum(u.count) filter (where u.day < ${from}::date), 0)::int as previous
    from ${usageDailyRows(db)} u left join ${eventCatalogueRows(db)} c on c.event = u.event
    where u.account_id = ${accountId}::uuid and u.day >= ${prevFrom}::date and u.day < ${to}::date
    group by 1`.execute(db);
  const { rows: figures } = await sql<{
    users: number;
    prev_users: number;
    key: number;
    prev_key: number;
    tickets: number;
    milestones: string[];
  }>`
    select
      (select count(distinct person) from ${userDailyRows(db)} p
        where p.account_id = ${accountId}::uuid and p.day >= ${from}::date and p.day < ${to}::date)::int as users,
      (select count(distinct person) from ${userDailyRows(db)} p
        where p.account_id = ${accountId}::uuid and p.day >= ${prevFrom}::date and p.day < ${from}::date)::int as prev_users,
      (select coalesce(sum(count), 0) from ${usageDailyRows(db)} u where u.account_id = ${accountId}::uuid
        and u.event = ${input.keyBehaviour?.event ?? ''} and u.day >= ${from}::date and u.day < ${to}::date)::int as key,
      (select coalesce(sum(count), 0) from ${usageDailyRows(db)} u where u.account_id = ${accountId}::uuid
        and u.event = ${input.keyBehaviour?.event ?? ''} and u.day >= ${prevFrom}::date and u.day < ${from}::date)::int as prev_key,
      (select count(*) from ${ticketRows(db)} t where t.account_id = ${accountId}::uuid
        and t.status in ('solved', 'closed') and t.closed_at is not null
        and (t.closed_at at time zone ${timeZone})::date >= ${from}::date
        and (t.closed_at at time zone ${timeZone})::date < ${to}::date)::int as tickets,
      array(select mt.name from ${accountMilestoneRows(db)} m join ${milestoneTemplateRows(db)} mt on mt.id = m.template_id
        where m.account_id = ${accountId}::uuid and m.completed_on >= ${from}::date and m.completed_on < ${to}::date
        order by m.completed_on, mt.name) as milestones`.execute(db);
  const f = figures[0];
  const names = new Map(input.modules.map((m) => [m.key, m.name]));
  const order = new Map(input.modules.map((m, i) => [m.key, i]));
  return {
    month,
    account: input.account,
    modules: usage
      .map((u) => ({
        key: u.module,
        name: u.module ? (names.get(u.module) ?? u.module) : null,
        current: u.current,
        previous: u.previous,
      }))
      .sort(
        (a, b) =>
          (order.get(a.key) ?? 1e9) - (order.get(b.key) ?? 1e9) ||
          (a.key === '' ? 1 : 0) - (b.key === '' ? 1 : 0) ||
          a.key.localeCompare(b.key),
      ),
    activeUsers: { current: f.users, previous: f.prev_users },
    keyBehaviour: input.keyBehaviour ? { event: input.keyBehaviour.event, current: f.key, previous: f.prev_key } : null,
    milestones: f.milestones,
    ticketsResolved: f.tickets,
  };
}

/** How messaging builds block variables (its `blocks`): a Markdown table, and plain text made literal. */
export interface ReportBlocks {
  table(headers: readonly string[], rows: readonly (readonly string[])[]): string;
  text(value: string): string;
}

/**
 * The report's template variables (`report.*`, docs/value-reports.md) in the recipient's language: the month's
 * name, the figures as a table block (figure, month, month before, change), the milestones and tickets lines.
 */
export function reportVariables(locale: Locale, data: ValueReportData, blocks: ReportBlocks) {
  const t = translator(locale);
  const number = new Intl.NumberFormat(locale);
  const [y, m] = data.month.split('-').map(Number);
  const monthName = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(
    new Date(Date.UTC(y, m - 1, 1)),
  );
  const change = (current: number, previous: number) => {
    if (previous === 0) return current === 0 ? '—' : t('valueReport.new');
    const pct = Math.round(((current - previous) / previous) * 100);
    return `${pct > 0 ? '+' : ''}${pct}%`;
  };
  const rows: [string, number, number][] = [
    [t('valueReport.activeUsers'), data.activeUsers.current, data.activeUsers.previous],
    ...(data.keyBehaviour
      ? [
          [
            t('valueReport.keyBehaviour', { event: data.keyBehaviour.event }),
            data.keyBehaviour.current,
            data.keyBehaviour.previous,
          ] as [string, number, number],
        ]
      : []),
    ...data.modules.map(
      (mod) => [mod.name ?? t('valueReport.otherEvents'), mod.current, mod.previous] as [string, number, number],
    ),
  ];
  const headers = [t('valueReport.figure'), monthName, t('valueReport.previous'), t('valueReport.change')];
  const milestones = data.milestones.length
    ? t('valueReport.milestones', { count: data.milestones.length, names: data.milestones.join(', ') })
    : t('valueReport.noMilestones');
  return {
    month: monthName,
    figures: blocks.table(
      headers,
      rows.map(([label, current, previous]) => [
        label,
        number.format(current),
        number.format(previous),
        change(current, previous),
      ]),
    ),
    milestones: blocks.text(milestones),
    tickets: blocks.text(t('valueReport.tickets', { count: data.ticketsResolved })),
  };
}

/** The built-in template's first content (then people edit it: Settings → Messaging → Templates). */
export function valueReportTemplate(defaultLocale: Locale) {
  const part = (locale: Locale) => {
    const t = translator(locale);
    return { subject: t('valueReport.template.subject'), body: t('valueReport.template.body') };
  };
  return {
    name: translator(defaultLocale)('valueReport.template.name'),
    channel: 'email' as const,
    messageType: 'marketing' as const,
    content: { 'zh-CN': part('zh-CN'), en: part('en') },
  };
}
