/**
 * SCIM documents: resources as RFC 7643 shapes them (§4.1 User, §4.2 Group, §3.1 meta), and the discovery
 * endpoints (RFC 7644 §4: ServiceProviderConfig, ResourceTypes, Schemas).
 */
import { MAX_COUNT, SCHEMA } from './scim.protocol.js';
import type { PersonRow } from './scim.repository.js';

const version = (at: Date) => `W/"${at.getTime()}"`;

export function userResource(base: string, row: PersonRow, groups: readonly { id: string; displayName: string }[]) {
  const lastModified = row.updated_at ?? row.created_at;
  return {
    schemas: [SCHEMA.user],
    id: row.id,
    externalId: row.external_id ?? undefined,
    userName: row.user_name,
    name: {
      formatted: row.name,
      givenName: row.given_name ?? undefined,
      familyName: row.family_name ?? undefined,
    },
    displayName: row.name,
    emails: [{ value: row.email, type: 'work', primary: true }],
    active: row.active,
    groups: groups.map((g) => ({ value: g.id, display: g.displayName, $ref: `${base}/Groups/${g.id}` })),
    meta: {
      resourceType: 'User',
      created: row.created_at.toISOString(),
      lastModified: new Date(lastModified).toISOString(),
      location: `${base}/Users/${row.id}`,
      version: version(new Date(lastModified)),
    },
  };
}

export function groupResource(
  base: string,
  row: { id: string; display_name: string; external_id: string | null; created_at: Date; updated_at: Date },
  members: readonly { id: string; name: string }[] | undefined,
) {
  return {
    schemas: [SCHEMA.group],
    id: row.id,
    externalId: row.external_id ?? undefined,
    displayName: row.display_name,
    members: members?.map((m) => ({ value: m.id, display: m.name, $ref: `${base}/Users/${m.id}` })),
    meta: {
      resourceType: 'Group',
      created: row.created_at.toISOString(),
      lastModified: row.updated_at.toISOString(),
      location: `${base}/Groups/${row.id}`,
      version: version(row.updated_at),
    },
  };
}

/** RFC 7644 §3.4.2: a page of resources. */
export const listResponse = (resources: unknown[], total: number, startIndex: number) => ({
  schemas: [SCHEMA.list],
  totalResults: total,
  itemsPerPage: resources.length,
  startIndex,
  Resources: resources,
});

export const serviceProviderConfig = (base: string) => ({
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
  patch: { supported: true },
  bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
  filter: { supported: true, maxResults: MAX_COUNT },
  changePassword: { supported: false },
  sort: { supported: false },
  // meta.version is given, but If-Match is not checked.
  etag: { supported: false },
  authenticationSchemes: [
    {
      type: 'oauthbearertoken',
      name: 'Bearer token',
      description: 'A SCIM token an admin creates in Settings → User provisioning (SCIM)',
      primary: true,
    },
  ],
  meta: { resourceType: 'ServiceProviderConfig', location: `${base}/ServiceProviderConfig` },
});

export const resourceTypes = (base: string) => [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'User',
    name: 'User',
    endpoint: '/Users',
    description: 'A person who signs in to Tenure',
    schema: SCHEMA.user,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/User` },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: 'Group',
    name: 'Group',
    endpoint: '/Groups',
    description: 'A group of people; mapped groups give their members a role',
    schema: SCHEMA.group,
    meta: { resourceType: 'ResourceType', location: `${base}/ResourceTypes/Group` },
  },
];

const attribute = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  type: 'string',
  multiValued: false,
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...extra,
});

export const schemas = (base: string) => [
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: SCHEMA.user,
    name: 'User',
    description: 'User account',
    attributes: [
      attribute('userName', { required: true, uniqueness: 'server' }),
      attribute('externalId', { caseExact: true }),
      attribute('name', {
        type: 'complex',
        subAttributes: [attribute('formatted'), attribute('givenName'), attribute('familyName')],
      }),
      attribute('displayName'),
      attribute('emails', {
        type: 'complex',
        multiValued: true,
        subAttributes: [attribute('value'), attribute('type'), attribute('primary', { type: 'boolean' })],
      }),
      attribute('active', { type: 'boolean' }),
      attribute('password', { mutability: 'writeOnly', returned: 'never' }),
      attribute('groups', {
        type: 'complex',
        multiValued: true,
        mutability: 'readOnly',
        subAttributes: [
          attribute('value', { mutability: 'readOnly' }),
          attribute('display', { mutability: 'readOnly' }),
        ],
      }),
    ],
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCHEMA.user}` },
  },
  {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: SCHEMA.group,
    name: 'Group',
    description: 'Group',
    attributes: [
      attribute('displayName', { required: true, uniqueness: 'server' }),
      attribute('externalId', { caseExact: true }),
      attribute('members', {
        type: 'complex',
        multiValued: true,
        subAttributes: [
          attribute('value', { mutability: 'immutable' }),
          attribute('display', { mutability: 'readOnly' }),
        ],
      }),
    ],
    meta: { resourceType: 'Schema', location: `${base}/Schemas/${SCHEMA.group}` },
  },
];
