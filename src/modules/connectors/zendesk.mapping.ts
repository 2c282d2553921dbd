import type { TicketInput } from '../tickets/tickets.service.js';

/** A ticket as Zendesk's incremental export sends it (the fields Tenure reads). */
export interface ZendeskTicket {
  id: number;
  subject?: string | null;
  raw_subject?: string | null;
  status: 'new' | 'open' | 'pending' | 'hold' | 'solved' | 'closed' | 'deleted' | string;
  priority?: 'low' | 'normal' | 'high' | 'urgent' | null;
  type?: 'problem' | 'incident' | 'question' | 'task' | null;
  organization_id?: number | null;
  created_at: string;
  updated_at: string;
  satisfaction_rating?: { score?: string | null } | null;
}

export interface ZendeskOrganization {
  id: number;
  name: string;
  external_id?: string | null;
  domain_names?: string[] | null;
}

export interface ZendeskMetricSet {
  ticket_id: number;
  solved_at?: string | null;
}

const STATUS: Record<string, TicketInput['status']> = {
  new: 'open',
  open: 'open',
  pending: 'pending',
  hold: 'pending',
  solved: 'solved',
  closed: 'closed',
};
// Zendesk's "task" has no counterpart among Tenure's types: the ticket keeps no type.
const TYPE: Record<string, TicketInput['type']> = { question: 'question', problem: 'problem', incident: 'incident' };
const PRIORITIES = new Set(['low', 'normal', 'high', 'urgent']);

/** Tenure keeps a ticket's external id as `zendesk:<id>`, so other sources' ids never collide with it. */
export const externalId = (id: number) => `zendesk:${id}`;

/**
 * CSAT: Zendesk rates an answer good or bad; Tenure keeps 1–5, so good is 5 and bad is 1 (the share of
 * good among rated tickets, Zendesk's own CSAT figure, is then the share of 5s). Offered but unanswered is no rating.
 */
export function csatOf(rating: ZendeskTicket['satisfaction_rating']): number | null {
  if (rating?.score === 'good') return 5;
  if (rating?.score === 'bad') return 1;
  return null;
}

/** The ticket as Tenure stores it; deleted tickets are not mapped (the sync removes them). */
export function toTicket(ticket: ZendeskTicket, accountId: string, solvedAt: string | null | undefined): TicketInput {
  const status = STATUS[ticket.status] ?? 'open';
  const done = status === 'solved' || status === 'closed';
  const subject = (ticket.subject || ticket.raw_subject || `#${ticket.id}`).trim().slice(0, 500) || `#${ticket.id}`;
  return {
    accountId,
    externalId: externalId(ticket.id),
    subject,
    status,
    priority: ticket.priority && PRIORITIES.has(ticket.priority) ? ticket.priority : 'normal',
    type: (ticket.type && TYPE[ticket.type]) ?? null,
    csat: csatOf(ticket.satisfaction_rating),
    openedAt: new Date(ticket.created_at),
    closedAt: done ? new Date(solvedAt ?? ticket.updated_at) : null,
  };
}

const bareDomain = (domain: string) =>
  domain
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');

/**
 * Which account each organisation is: the account whose external id is the organisation's external
 * id, else the one whose domain is among the organisation's domain names.
 */
export function matchOrganizations(
  organizations: readonly ZendeskOrganization[],
  accounts: readonly { id: string; external_id: string | null; domain: string | null }[],
): Map<number, string> {
  const byExternalId = new Map(accounts.filter((a) => a.external_id).map((a) => [a.external_id as string, a.id]));
  const byDomain = new Map(accounts.filter((a) => a.domain).map((a) => [bareDomain(a.domain as string), a.id]));
  const matched = new Map<number, string>();
  for (const org of organizations) {
    const viaId = org.external_id ? byExternalId.get(org.external_id) : undefined;
    const viaDomain = (org.domain_names ?? []).map((d) => byDomain.get(bareDomain(d))).find(Boolean);
    const accountId = viaId ?? viaDomain;
    if (accountId) matched.set(org.id, accountId);
  }
  return matched;
}

export const organizationDomains = (organizations: readonly ZendeskOrganization[]) => [
  ...new Set(organizations.flatMap((o) => (o.domain_names ?? []).map(bareDomain)).filter(Boolean)),
];
