/**
 * SCIM 2.0 (RFC 7644) at /scim/v2, and its settings under /api/scim (docs/scim.md).
 *
 * /scim/v2 lives outside /api in its own Fastify scope, like /v1 and the Stripe webhook: public to the
 * session/token hook, authenticated here by a SCIM bearer token (API tokens and sessions do not work, and
 * SCIM tokens work nowhere else). Bodies are application/scim+json (application/json too); every refusal
 * is in SCIM's error shape (RFC 7644 §3.12).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, fromDatabaseError } from '../../http/errors.js';
import { route } from '../../http/route.js';
import type { App } from '../../http/types.js';
import { requestLocale } from '../../http/validation.js';
import { translator } from '../../i18n/index.js';
import { nestedDeeperThan } from '../../shared/json.js';
import { scimApi } from '../../shared/scim.js';
import { parseFilter, parsePaging, parsePatch, SCHEMA, ScimError } from './scim.protocol.js';
import {
  groupResource,
  listResponse,
  resourceTypes,
  schemas,
  serviceProviderConfig,
  userResource,
} from './scim.resources.js';
import { type ScimIdentity, type ScimService, scimActor } from './scim.service.js';

export const SCIM_PATH = '/scim/v2';
const CONTENT_TYPE = 'application/scim+json; charset=utf-8';
const USER_FILTERS = ['username', 'externalid', 'emails.value', 'emails', 'id'] as const;
const GROUP_FILTERS = ['displayname', 'externalid', 'id'] as const;

declare module 'fastify' {
  interface FastifyRequest {
    scimToken: ScimIdentity | null;
  }
}

type Query = Record<string, string | undefined>;

/** Query parameters as single strings: a parameter given twice is not one SCIM understands. */
function queryOf(request: FastifyRequest): Query {
  const query: Query = {};
  for (const [key, value] of Object.entries((request.query ?? {}) as Record<string, unknown>)) {
    if (Array.isArray(value))
      throw new ScimError(400, 'invalidValue', 'scim.invalidValue', { attribute: key.slice(0, 100) });
    if (typeof value === 'string') query[key] = value;
  }
  return query;
}

/** The SCIM error document for anything thrown in the scope. */
function errorDocument(thrown: unknown, request: FastifyRequest) {
  const t = translator(requestLocale(request));
  let status = 500;
  let scimType: string | undefined;
  let detail: string;
  // What the database refuses (a duplicate written concurrently, text it cannot store) is the caller's.
  const error = fromDatabaseError(thrown) ?? thrown;
  if (error instanceof ScimError) {
    status = error.status;
    scimType = error.scimType;
    detail = t(error.detailKey, error.params);
  } else if (error instanceof AppError) {
    status = error.status;
    if (status === 409) scimType = 'uniqueness';
    else if (status === 400) scimType = 'invalidValue';
    detail = t(error.messageKey, error.params);
  } else {
    const e = error as { statusCode?: number; code?: string; message?: string };
    if (e?.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      status = e.statusCode;
      if (status === 400) scimType = 'invalidSyntax';
      detail = t('scim.badRequest', { status });
    } else {
      request.log.error(error);
      detail = t('errors.internal');
    }
  }
  return {
    status,
    body: { schemas: [SCHEMA.error], status: String(status), ...(scimType ? { scimType } : {}), detail },
  };
}

export function scimProtocolRoutes(app: App, { scim, publicUrl }: { scim: ScimService; publicUrl?: string }) {
  const baseOf = (request: FastifyRequest) =>
    `${(publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')}${SCIM_PATH}`;

  app.register(async (instance: FastifyInstance) => {
    instance.decorateRequest('scimToken', null);
    instance.removeAllContentTypeParsers();
    instance.addContentTypeParser(
      ['application/json', 'application/scim+json'],
      { parseAs: 'string' },
      (_request, body, done) => {
        const text = body as string;
        if (!text.trim()) return done(null, undefined);
        if (nestedDeeperThan(text)) return done(new ScimError(400, 'invalidSyntax', 'scim.invalidJson'), undefined);
        try {
          done(null, JSON.parse(text));
        } catch {
          done(new ScimError(400, 'invalidSyntax', 'scim.invalidJson'), undefined);
        }
      },
    );
    instance.addHook('onRequest', async (request) => {
      const bearer = /^Bearer\s+(.+)$/i.exec(request.headers.authorization ?? '')?.[1]?.trim();
      const identity = bearer ? await scim.authenticate(bearer) : undefined;
      if (!identity) throw new ScimError(401, undefined, 'scim.unauthorized');
      request.scimToken = identity;
    });
    // What the provider asked and how it went, for the settings page (refusals too: a wrong token shows).
    instance.addHook('onResponse', async (request, reply) => {
      await scim
        .logRequest({
          token_id: request.scimToken?.id ?? null,
          method: request.method,
          path: request.url.slice(0, 300),
          status: reply.statusCode,
        })
        .catch((error: unknown) => request.log.warn({ error }, 'scim request log'));
    });
    instance.setErrorHandler(async (error, request, reply) => {
      const { status, body } = errorDocument(error, request);
      if (status === 401) reply.header('www-authenticate', 'Bearer realm="scim"');
      return reply.status(status).type(CONTENT_TYPE).send(body);
    });

    const config = { access: 'public' as const };
    const schema = (summary: string) => ({ tags: ['scim'], summary, security: [{ bearer: [] }] });
    const send = (reply: FastifyReply, body: unknown, status = 200) =>
      reply.status(status).type(CONTENT_TYPE).send(body);
    const actorOf = (request: FastifyRequest) => scimActor(request.scimToken!);
    const id = (request: FastifyRequest) => (request.params as { id: string }).id;

    // Discovery (RFC 7644 §4).
    instance.get(
      `${SCIM_PATH}/ServiceProviderConfig`,
      { config, schema: schema('SCIM service provider configuration') },
      (request, reply) => send(reply, serviceProviderConfig(baseOf(request))),
    );
    instance.get(`${SCIM_PATH}/ResourceTypes`, { config, schema: schema('SCIM resource types') }, (request, reply) => {
      const types = resourceTypes(baseOf(request));
      return send(reply, listResponse(types, types.length, 1));
    });
    instance.get(`${SCIM_PATH}/Schemas`, { config, schema: schema('SCIM schemas') }, (request, reply) => {
      const list = schemas(baseOf(request));
      return send(reply, listResponse(list, list.length, 1));
    });

    // Users (RFC 7644 §3.3 create, §3.4 query, §3.5 PUT and PATCH, §3.6 DELETE).
    instance.get(
      `${SCIM_PATH}/Users`,
      { config, schema: schema('SCIM: list or filter users') },
      async (request, reply) => {
        const query = queryOf(request);
        const filter = parseFilter(query.filter, USER_FILTERS);
        const { startIndex, count } = parsePaging(query);
        const { total, items } = await scim.listUsers(filter, startIndex, count);
        const base = baseOf(request);
        return send(
          reply,
          listResponse(
            items.map((i) => userResource(base, i.row, i.groups)),
            total,
            startIndex,
          ),
        );
      },
    );
    instance.get(`${SCIM_PATH}/Users/:id`, { config, schema: schema('SCIM: one user') }, async (request, reply) => {
      const { row, groups } = await scim.getUser(id(request));
      return send(reply, userResource(baseOf(request), row, groups));
    });
    instance.post(
      `${SCIM_PATH}/Users`,
      { config, schema: schema('SCIM: provision a user') },
      async (request, reply) => {
        const userId = await scim.createUser(actorOf(request), request.body);
        const { row, groups } = await scim.getUser(userId);
        const resource = userResource(baseOf(request), row, groups);
        reply.header('location', resource.meta.location);
        return send(reply, resource, 201);
      },
    );
    instance.put(
      `${SCIM_PATH}/Users/:id`,
      { config, schema: schema('SCIM: replace a user') },
      async (request, reply) => {
        await scim.replaceUser(actorOf(request), id(request), request.body);
        const { row, groups } = await scim.getUser(id(request));
        return send(reply, userResource(baseOf(request), row, groups));
      },
    );
    instance.patch(
      `${SCIM_PATH}/Users/:id`,
      { config, schema: schema('SCIM: change a user (PatchOp)') },
      async (request, reply) => {
        await scim.patchUser(actorOf(request), id(request), parsePatch(request.body));
        const { row, groups } = await scim.getUser(id(request));
        return send(reply, userResource(baseOf(request), row, groups));
      },
    );
    instance.delete(
      `${SCIM_PATH}/Users/:id`,
      { config, schema: schema('SCIM: deprovision (deactivate) a user') },
      async (request, reply) => {
        await scim.deleteUser(actorOf(request), id(request));
        return reply.status(204).send();
      },
    );

    // Groups.
    instance.get(
      `${SCIM_PATH}/Groups`,
      { config, schema: schema('SCIM: list or filter groups') },
      async (request, reply) => {
        const query = queryOf(request);
        const filter = parseFilter(query.filter, GROUP_FILTERS);
        const { startIndex, count } = parsePaging(query);
        const withMembers = !/(^|,)\s*members\s*(,|$)/i.test(query.excludedAttributes ?? '');
        const { total, items } = await scim.listGroups(filter, startIndex, count, withMembers);
        const base = baseOf(request);
        return send(
          reply,
          listResponse(
            items.map((i) => groupResource(base, i.row, i.members)),
            total,
            startIndex,
          ),
        );
      },
    );
    instance.get(`${SCIM_PATH}/Groups/:id`, { config, schema: schema('SCIM: one group') }, async (request, reply) => {
      const { row, members } = await scim.getGroup(id(request));
      return send(reply, groupResource(baseOf(request), row, members));
    });
    instance.post(`${SCIM_PATH}/Groups`, { config, schema: schema('SCIM: create a group') }, async (request, reply) => {
      const groupId = await scim.createGroup(actorOf(request), request.body);
      const { row, members } = await scim.getGroup(groupId);
      const resource = groupResource(baseOf(request), row, members);
      reply.header('location', resource.meta.location);
      return send(reply, resource, 201);
    });
    instance.put(
      `${SCIM_PATH}/Groups/:id`,
      { config, schema: schema('SCIM: replace a group') },
      async (request, reply) => {
        await scim.replaceGroup(actorOf(request), id(request), request.body);
        const { row, members } = await scim.getGroup(id(request));
        return send(reply, groupResource(baseOf(request), row, members));
      },
    );
    instance.patch(
      `${SCIM_PATH}/Groups/:id`,
      { config, schema: schema('SCIM: change a group or its members (PatchOp)') },
      async (request, reply) => {
        await scim.patchGroup(actorOf(request), id(request), parsePatch(request.body));
        const { row, members } = await scim.getGroup(id(request));
        return send(reply, groupResource(baseOf(request), row, members));
      },
    );
    instance.delete(
      `${SCIM_PATH}/Groups/:id`,
      { config, schema: schema('SCIM: delete a group') },
      async (request, reply) => {
        await scim.deleteGroup(actorOf(request), id(request));
        return reply.status(204).send();
      },
    );
  });
}

/** The settings page's API: admins only. */
export function scimSettingsRoutes(app: App, { scim, publicUrl }: { scim: ScimService; publicUrl?: string }) {
  const tags = ['scim'];
  route(app, scimApi.status, {
    access: 'admin',
    tags,
    summary: 'SCIM provisioning: base URL, tokens, group → role mappings, groups, recent requests',
    handler: async (request) => ({
      baseUrl: `${(publicUrl ?? `${request.protocol}://${request.host}`).replace(/\/$/, '')}${SCIM_PATH}`,
      ...(await scim.status()),
    }),
  });
  route(app, scimApi.createToken, {
    access: 'admin',
    tags,
    summary: 'Create a SCIM token; the token is in this response only',
    handler: (request) => scim.createToken(request.actor, request.body),
  });
  route(app, scimApi.rotateToken, {
    access: 'admin',
    tags,
    summary: 'Give a SCIM token a new secret (the old one stops working at once); in this response only',
    handler: (request) => scim.rotateToken(request.actor, request.params.id),
  });
  route(app, scimApi.revokeToken, {
    access: 'admin',
    tags,
    summary: 'Revoke a SCIM token',
    handler: async (request) => {
      await scim.revokeToken(request.actor, request.params.id);
      return { ok: true as const };
    },
  });
  route(app, scimApi.setMappings, {
    access: 'admin',
    tags,
    summary: 'Replace the group → role mappings (highest role wins); members follow at once',
    handler: (request) => scim.setMappings(request.actor, request.body.mappings),
  });
}
