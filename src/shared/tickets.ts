import { z } from 'zod';
import { endpoint, paged } from './endpoint.js';

export const TICKET_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
export const TICKET_STATUSES = ['open', 'pending', 'solved', 'closed'] as const;
/** Statuses of a ticket that is done with: setting one stamps the closing time. */
export const CLOSED_TICKET_STATUSES = ['solved', 'closed'] as const;
export const TICKET_TYPES = ['question', 'problem', 'bug', 'feature_request', 'incident'] as const;
export const TICKET_SORTS = ['opened', 'age', 'priority'] as const;

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const instant = z.iso.datetime({ offset: true });

export const ticketParams = z.object({ id: z.uuid(), ticketId: z.uuid() });
export const accountParams = z.object({ id: z.uuid() });

export const ticketInputSchema = z.object({
  /** The support system's id; the import updates the ticket stored under it (docs/imports.md). */
  externalId: optionalText(200),
  contactId: z.uuid().nullable().optional(),
  subject: z.string().trim().min(1).max(500),
  type: z.enum(TICKET_TYPES).nullable().optional(),
  priority: z.enum(TICKET_PRIORITIES).default('normal'),
  status: z.enum(TICKET_STATUSES).default('open'),
  /** Customer satisfaction, 1 (very unhappy) to 5 (very happy). */
  csat: z.number().int().min(1).max(5).nullable().optional(),
  /** Default: now. */
  openedAt: instant.optional(),
});
export type TicketInput = z.infer<typeof ticketInputSchema>;

export const ticketPatchSchema = z.object({
  subject: z.string().trim().min(1).max(500).optional(),
  type: z.enum(TICKET_TYPES).nullable().optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  status: z.enum(TICKET_STATUSES).optional(),
  csat: z.number().int().min(1).max(5).nullable().optional(),
});
export type TicketPatch = z.infer<typeof ticketPatchSchema>;

export const ticketListQuerySchema = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** open: open or pending; closed: solved or closed. */
  state: z.enum(['open', 'closed']).optional(),
  priority: z.enum(TICKET_PRIORITIES).optional(),
  sort: z.enum(TICKET_SORTS).default('opened'),
  order: z.enum(['asc', 'desc']).default('desc'),
});
export type TicketListQuery = z.infer<typeof ticketListQuerySchema>;

export const ticketSchema = z.object({
  id: z.string(),
  accountId: z.string(),
  externalId: z.string().nullable(),
  contactId: z.string().nullable(),
  contactName: z.string().nullable(),
  subject: z.string(),
  type: z.enum(TICKET_TYPES).nullable(),
  priority: z.enum(TICKET_PRIORITIES),
  status: z.enum(TICKET_STATUSES),
  csat: z.number().int().nullable(),
  openedAt: z.date(),
  closedAt: z.date().nullable(),
  /** Whole days from opening to closing, or to now while open. */
  ageDays: z.number().int(),
});
export type TicketView = z.infer<typeof ticketSchema>;

/** Support tickets of an account (src/shared/endpoint.ts). */
export const ticketsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/accounts/:id/tickets',
    params: accountParams,
    query: ticketListQuerySchema,
    response: paged(ticketSchema),
  }),
  create: endpoint({
    method: 'POST',
    path: '/api/accounts/:id/tickets',
    params: accountParams,
    body: ticketInputSchema,
    response: ticketSchema,
    status: 201,
  }),
  update: endpoint({
    method: 'PATCH',
    path: '/api/accounts/:id/tickets/:ticketId',
    params: ticketParams,
    body: ticketPatchSchema,
    response: ticketSchema,
  }),
};
