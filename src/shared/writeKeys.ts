import { z } from 'zod';
import { endpoint, idParams, itemsOf, okResponse } from './endpoint.js';
import { writeKeySchema } from './usage.js';

/** Write keys of the tracking API (ingest only); /v1 itself is the Segment-compatible API, not declared here. */
export const writeKeysApi = {
  list: endpoint({ method: 'GET', path: '/api/keys', response: itemsOf(writeKeySchema) }),
  create: endpoint({
    method: 'POST',
    path: '/api/keys',
    body: z.object({ name: z.string().trim().min(1).max(200) }),
    response: writeKeySchema.extend({ key: z.string() }),
    status: 201,
  }),
  revoke: endpoint({ method: 'DELETE', path: '/api/keys/:id', params: idParams, response: okResponse }),
};
