import { endpoint, okResponse } from './endpoint.js';

/** The API's own liveness answer (the same as /healthz, under /api for callers that only reach /api). */
export const opsApi = {
  apiHealth: endpoint({ method: 'GET', path: '/api/health', response: okResponse }),
};
