import { z } from 'zod';
import { conditionSchema } from './conditions.js';
import { endpoint, idParams, itemsOf, okResponse, type Wire } from './endpoint.js';

// A view's filters go back to the accounts list as they are: refuse now what the list would refuse then.
const viewState = z.looseObject({ filters: z.array(conditionSchema).max(50).optional() });

/** A saved view: a list page's filters, sorting and columns under a name, per user. */
export const viewSchema = z.object({
  id: z.string(),
  page: z.string(),
  name: z.string(),
  state: z.record(z.string(), z.unknown()),
  created_at: z.date(),
});
export type SavedView = Wire<z.infer<typeof viewSchema>>;

export const viewInputSchema = z.object({
  page: z.string().min(1).max(50),
  name: z.string().trim().min(1).max(100),
  state: viewState,
});
export type ViewInput = z.infer<typeof viewInputSchema>;

export const viewsApi = {
  list: endpoint({
    method: 'GET',
    path: '/api/views',
    query: z.object({ page: z.string().max(50) }),
    response: itemsOf(viewSchema),
  }),
  create: endpoint({ method: 'POST', path: '/api/views', body: viewInputSchema, response: viewSchema, status: 201 }),
  remove: endpoint({ method: 'DELETE', path: '/api/views/:id', params: idParams, response: okResponse }),
};
