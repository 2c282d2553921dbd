import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { EndpointSpec } from '../shared/endpoint.js';
import type { Access } from '../shared/roles.js';
import type { App } from './types.js';

type Parsed<E, K extends string> = E extends { [P in K]: infer S extends z.ZodType } ? z.output<S> : unknown;

/** The request a handler of endpoint E receives: params, query and body as its schemas parsed them. */
export type EndpointRequest<E extends EndpointSpec> = FastifyRequest<{
  Params: Parsed<E, 'params'>;
  Querystring: Parsed<E, 'query'>;
  Body: Parsed<E, 'body'>;
}>;

export interface RouteOptions<E extends EndpointSpec> {
  /** Who may call it (src/shared/roles.ts); every /api route says. */
  access: Access;
  /** A limit of this route's own (@fastify/rate-limit), tighter than the app-wide one. */
  rateLimit?: { max: number; timeWindow: number };
  /**
   * A GET whose answer depends only on who asks, the address, the language, the day and the database: kept
   * until a table it read changes (src/http/read-cache.ts).
   */
  cache?: boolean;
  tags: string[];
  summary?: string;
  description?: string;
  /** Returns the reply body, checked against the endpoint's response schema; or sends it through `reply`. */
  handler: (request: EndpointRequest<E>, reply: FastifyReply) => Promise<z.input<E['response']> | FastifyReply>;
}

/**
 * Registers the server side of an endpoint declared in src/shared: the method, path and schemas come
 * from the declaration, so the route and the web client cannot drift apart.
 */
export function route<E extends EndpointSpec>(app: App, endpoint: E, options: RouteOptions<E>): void {
  const status = endpoint.status ?? 200;
  app.route({
    method: endpoint.method,
    url: endpoint.path,
    config: {
      access: options.access,
      ...(options.rateLimit && { rateLimit: options.rateLimit }),
      ...(options.cache && { readCache: true }),
    },
    schema: {
      tags: options.tags,
      summary: options.summary,
      description: options.description,
      // Fastify warns about a schema key present but undefined, so only the endpoint's own are set.
      ...(endpoint.params && { params: endpoint.params }),
      ...(endpoint.query && { querystring: endpoint.query }),
      ...(endpoint.body && { body: endpoint.body }),
      response: { [status]: endpoint.response },
    },
    handler: async (request, reply) => {
      const result = await options.handler(request as unknown as EndpointRequest<E>, reply);
      if (result === reply) return reply;
      return reply.status(status).send(result);
    },
  });
}
