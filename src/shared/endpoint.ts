import { z } from 'zod';

/**
 * The API contract: each endpoint is declared once, here in src/shared, as its method, path and zod
 * schemas. The server registers its route from the declaration (src/http/route.ts: validation, the
 * OpenAPI document, the reply checked against `response`), and the web app calls it through
 * `call()` (web/src/api/client.ts), whose argument and result types are inferred from the same
 * schemas — so a change to a schema is a type error on both sides, never a silent cast.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface EndpointSpec {
  method: HttpMethod;
  /** Fastify path syntax: `/api/accounts/:id`. */
  path: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  response: z.ZodType;
  /** Status of a successful reply (default 200). */
  status?: 200 | 201 | 202;
}

/** Declares an endpoint; `const` keeps the literal method, path and schema types for inference. */
export const endpoint = <const E extends EndpointSpec>(spec: E): E => spec;

/** A value as JSON delivers it: dates become ISO strings, deeply. */
export type Wire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? Wire<U>[]
    : T extends object
      ? { [K in keyof T]: Wire<T[K]> }
      : T;

/** What a successful call of the endpoint returns, as the client receives it. */
export type ResponseOf<E extends EndpointSpec> = Wire<z.output<E['response']>>;

/** What a client passes: path parameters, query and body, each only where the endpoint has them. */
export type InputOf<E extends EndpointSpec> = (E extends { params: infer P extends z.ZodType }
  ? { params: z.input<P> }
  : { params?: never }) &
  (E extends { query: infer Q extends z.ZodType } ? { query?: Partial<z.input<Q>> } : { query?: never }) &
  (E extends { body: infer B extends z.ZodType } ? { body: z.input<B> } : { body?: never });

/** Fills `:name` segments of an endpoint's path from its params (URL-encoded). */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:([A-Za-z_][A-Za-z0-9_]*)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined || value === null) throw new Error(`missing path parameter ${name} for ${path}`);
    return encodeURIComponent(String(value));
  });
}

// Shapes many endpoints share.
export const idParams = z.object({ id: z.uuid() });
export const accountIdParams = z.object({ accountId: z.uuid() });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});
export const okResponse = z.object({ ok: z.literal(true) });
export const paged = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });
