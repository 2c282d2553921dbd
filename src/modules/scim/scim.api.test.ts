/**
 * SCIM 2.0 over HTTP (docs/scim.md), on both backends. Request bodies follow RFC 7644's shapes, and the
 * variants identity providers really send (Okta, Azure AD / Entra ID); each case names its section.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, TEST_PASSWORD, type TestApp } from '../../../test/support/app.js';
import { cliActor } from '../audit/actor.js';

let t: TestApp;
let token: string;
let admin: Record<string, string>;

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

beforeAll(async () => {
  t = await createTestApp();
  token = (await t.services.scim.createToken(cliActor, { name: 'Identity provider' })).token;
  admin = (await t.as('admin')).headers;
}, 180_000);
afterAll(() => t.close());

async function scim(method: string, url: string, body?: unknown, bearer = token) {
  const response = await t.app.inject({
    method: method as 'GET',
    url: `/scim/v2${url}`,
    headers: {
      authorization: `Bearer ${bearer}`,
      'accept-language': 'en',
      ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
    },
    payload: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: response.statusCode,
    type: String(response.headers['content-type'] ?? ''),
    location: response.headers.location as string | undefined,
    body: response.body ? response.json() : undefined,
  };
}

/** RFC 7644 §3.3's creation request, as Okta sends it (userName is the sign-in address). */
const newUser = (userName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [USER],
  userName,
  name: { givenName: 'Lin', familyName: 'Wei' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  active: true,
  ...extra,
});

const login = (email: string, password = TEST_PASSWORD) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });

const apiUser = async (id: string) => {
  const response = await t.app.inject({ method: 'GET', url: '/api/users', headers: admin });
  return (response.json().items as { id: string; role: string; active: boolean; email: string; name: string }[]).find(
    (u) => u.id === id,
  );
};

describe('SCIM discovery (RFC 7644 §4)', () => {
  it('describes the service provider, its resource types and schemas in application/scim+json', async () => {
    const config = await scim('GET', '/ServiceProviderConfig');
    expect(config.status).toBe(200);
    expect(config.type).toContain('application/scim+json');
    expect(config.body.patch.supported).toBe(true);
    expect(config.body.filter).toEqual({ supported: true, maxResults: 200 });
    expect(config.body.authenticationSchemes[0].type).toBe('oauthbearertoken');
    const types = await scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((r: { id: string }) => r.id)).toEqual(['User', 'Group']);
    const schemas = await scim('GET', '/Schemas');
    expect(schemas.body.Resources.map((r: { id: string }) => r.id)).toEqual([USER, GROUP]);
  });
});

describe('SCIM authentication', () => {
  it('refuses a missing, wrong or revoked token and API tokens with a 401 SCIM error (RFC 7644 §3.12)', async () => {
    const wrong = await scim('GET', '/Users', undefined, 'tscim_not-a-real-token');
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ schemas: [ERROR], status: '401' });
    expect(wrong.body.detail).toMatch(/SCIM token/);
    const apiToken = (await t.services.auth.createToken(cliActor, { name: 'api', role: 'admin' })).token;
    expect((await scim('GET', '/Users', undefined, apiToken)).status).toBe(401);
    const missing = await t.app.inject({ method: 'GET', url: '/scim/v2/Users' });
    expect(missing.statusCode).toBe(401);
    expect(missing.json().schemas).toEqual([ERROR]);
    // and a SCIM token opens nothing under /api
    const api = await t.app.inject({ method: 'GET', url: '/api/users', headers: { authorization: `Bearer ${token}` } });
    expect(api.statusCode).toBe(401);

    const other = await t.services.scim.createToken(cliActor, { name: 'old' });
    expect((await scim('GET', '/Users', undefined, other.token)).status).toBe(200);
    await t.services.scim.revokeToken(cliActor, other.id);
    expect((await scim('GET', '/Users', undefined, other.token)).status).toBe(401);
  });
});

describe('SCIM users', () => {
  it('creates a user (RFC 7644 §3.3): 201, Location, meta; a viewer in Tenure with no password', async () => {
    const created = await scim('POST', '/Users', newUser('lin.wei@example.com', { externalId: 'okta-00u1' }));
    expect(created.status).toBe(201);
    expect(created.type).toContain('application/scim+json');
    const body = created.body;
    expect(body).toMatchObject({
      schemas: [USER],
      userName: 'lin.wei@example.com',
      externalId: 'okta-00u1',
      name: { givenName: 'Lin', familyName: 'Wei', formatted: 'Lin Wei' },
      emails: [{ value: 'lin.wei@example.com', primary: true }],
      active: true,
      groups: [],
      meta: { resourceType: 'User' },
    });
    expect(created.location).toBe(body.meta.location);
    expect(body.meta.location).toMatch(new RegExp(`/scim/v2/Users/${body.id}$`));
    expect(body.meta.version).toMatch(/^W\/"\d+"$/);
    expect(await apiUser(body.id)).toMatchObject({ email: 'lin.wei@example.com', name: 'Lin Wei', role: 'viewer' });
    expect(body.password).toBeUndefined();
  });

  it('refuses a second user with the same userName, in any case: 409 uniqueness (RFC 7644 §3.3)', async () => {
    const again = await scim('POST', '/Users', newUser('LIN.WEI@example.com'));
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
    // a person an admin made is found and not made twice
    const existing = await scim('POST', '/Users', newUser('csm@test.local'));
    expect(existing.body.scimType).toBe('uniqueness');
  });

  it('filters by userName, externalId and emails.value with eq (RFC 7644 §3.4.2.2); others are 400 invalidFilter', async () => {
    const byName = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "Lin.Wei@example.com"')}`);
    expect(byName.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 1,
      itemsPerPage: 1,
      startIndex: 1,
    });
    expect(byName.body.Resources[0].userName).toBe('lin.wei@example.com');
    const byExternal = await scim('GET', `/Users?filter=${encodeURIComponent('externalId eq "okta-00u1"')}`);
    expect(byExternal.body.Resources.map((r: { userName: string }) => r.userName)).toEqual(['lin.wei@example.com']);
    const byEmail = await scim('GET', `/Users?filter=${encodeURIComponent('emails.value eq "csm@test.local"')}`);
    expect(byEmail.body.Resources[0]).toMatchObject({ userName: 'csm@test.local', name: { formatted: 'Test csm' } });
    const none = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "nobody@example.com"')}`);
    expect(none.body).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
    for (const filter of ['userName co "lin"', 'title eq "x"', 'userName eq "a" and active eq true', 'userName eq']) {
      const refused = await scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(refused.status, filter).toBe(400);
      expect(refused.body).toMatchObject({ schemas: [ERROR], scimType: 'invalidFilter' });
    }
  });

  it('pages with startIndex and count (RFC 7644 §3.4.2.4)', async () => {
    for (const n of [1, 2, 3]) expect((await scim('POST', '/Users', newUser(`page${n}@example.com`))).status).toBe(201);
    const all = await scim('GET', '/Users?count=200');
    const total = all.body.totalResults as number;
    expect(total).toBe(7 + 1 + 3); // one per role from the test app, Lin, three more
    expect(all.body.Resources).toHaveLength(total);
    const page = await scim('GET', '/Users?startIndex=3&count=2');
    expect(page.body).toMatchObject({ totalResults: total, itemsPerPage: 2, startIndex: 3 });
    expect(page.body.Resources.map((r: { id: string }) => r.id)).toEqual(
      all.body.Resources.slice(2, 4).map((r: { id: string }) => r.id),
    );
    const last = await scim('GET', `/Users?startIndex=${total}&count=5`);
    expect(last.body.itemsPerPage).toBe(1);
    const countOnly = await scim('GET', '/Users?count=0');
    expect(countOnly.body).toMatchObject({ totalResults: total, itemsPerPage: 0, Resources: [] });
    expect((await scim('GET', '/Users?count=many')).body.scimType).toBe('invalidValue');
  });

  it('replaces a user with PUT (RFC 7644 §3.5.1)', async () => {
    const id = (await scim('POST', '/Users', newUser('put.me@example.com'))).body.id;
    const put = await scim('PUT', `/Users/${id}`, {
      schemas: [USER],
      userName: 'put.me@example.com',
      externalId: 'azure-42',
      name: { givenName: 'Zhang', familyName: 'San' },
      emails: [{ value: 'zhang.san@example.com', type: 'work', primary: true }],
      active: true,
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ externalId: 'azure-42', name: { formatted: 'Zhang San' } });
    expect(await apiUser(id)).toMatchObject({ email: 'zhang.san@example.com', name: 'Zhang San' });
    expect((await scim('PUT', `/Users/${id}`, { schemas: [USER], name: {} })).body.scimType).toBe('invalidValue');
    expect((await scim('PUT', '/Users/00000000-0000-4000-8000-000000000000', newUser('x@example.com'))).status).toBe(
      404,
    );
  });

  it('changes a user with PatchOp, with and without a path, as Okta and Azure AD send them (RFC 7644 §3.5.2)', async () => {
    const id = (await scim('POST', '/Users', newUser('patch.me@example.com'))).body.id;
    // §3.5.2.3 replace with a path
    const named = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'name.givenName', value: 'Mei' }],
    });
    expect(named.status).toBe(200);
    expect(named.body.name).toMatchObject({ givenName: 'Mei', formatted: 'Mei Wei' });
    // Azure AD: capitalised op, value object with dotted keys, a filtered email path and the enterprise extension
    const azure = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'emails[type eq "work"].value', value: 'mei.wei@example.com' },
        { op: 'Add', value: { 'name.familyName': 'Chen', externalId: 'aad-7' } },
        {
          op: 'Add',
          path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department',
          value: 'Customer success',
        },
      ],
    });
    expect(azure.status).toBe(200);
    expect(azure.body).toMatchObject({
      externalId: 'aad-7',
      name: { givenName: 'Mei', familyName: 'Chen' },
      emails: [{ value: 'mei.wei@example.com' }],
    });
    // §3.5.2.2 remove with a path
    const removed = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: 'externalId' }],
    });
    expect(removed.body.externalId).toBeUndefined();
    const noTarget = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'remove' }] });
    expect(noTarget.body).toMatchObject({ status: '400', scimType: 'noTarget' });
    const badOp = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [{ op: 'move', path: 'x' }] });
    expect(badOp.body.scimType).toBe('invalidValue');
    const badActive = await scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'active', value: 'perhaps' }],
    });
    expect(badActive.status).toBe(400);
  });

  it('deactivates with active:false (both shapes): sign-in refused, sessions end, the user row stays', async () => {
    for (const [n, operation] of [
      { op: 'replace', value: { active: false } }, // Okta
      { op: 'replace', path: 'active', value: false }, // RFC 7644 §3.5.2.3
      { op: 'Replace', path: 'active', value: 'False' }, // Azure AD
    ].entries()) {
      const email = `leaver${n}@example.com`;
      const id = (await scim('POST', '/Users', newUser(email, { password: TEST_PASSWORD }))).body.id;
      const signedIn = await login(email);
      expect(signedIn.statusCode).toBe(200);
      const cookie = signedIn.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
      const me = () => t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
      expect((await me()).statusCode).toBe(200);

      const patched = await scim('PATCH', `/Users/${id}`, { schemas: [PATCH], Operations: [operation] });
      expect(patched.status).toBe(200);
      expect(patched.body.active).toBe(false);
      expect((await me()).statusCode).toBe(401);
      expect((await login(email)).statusCode).toBe(401);
      expect(await apiUser(id)).toMatchObject({ active: false });

      // and back
      const back = await scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'replace', path: 'active', value: true }],
      });
      expect(back.body.active).toBe(true);
      expect((await login(email)).statusCode).toBe(200);
    }
  });

  it('DELETE deactivates and hides the user (RFC 7644 §3.6); a new POST provisions them again', async () => {
    const created = await scim('POST', '/Users', newUser('gone@example.com', { password: TEST_PASSWORD }));
    const id = created.body.id;
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/scim/v2/Users/${id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await scim('GET', `/Users/${id}`)).status).toBe(404);
    expect(
      (await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "gone@example.com"')}`)).body.totalResults,
    ).toBe(0);
    expect(await apiUser(id)).toMatchObject({ active: false, email: 'gone@example.com' });
    expect((await login('gone@example.com')).statusCode).toBe(401);
    expect((await scim('DELETE', `/Users/${id}`)).status).toBe(404);

    const again = await scim('POST', '/Users', newUser('gone@example.com'));
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ id, active: true });
  });

  it('answers malformed bodies with a 400 SCIM error', async () => {
    const broken = await scim('POST', '/Users', '{"userName": ');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidSyntax' });
    expect((await scim('POST', '/Users', [1, 2])).body.scimType).toBe('invalidSyntax');
    expect((await scim('POST', '/Users', { schemas: [USER] })).body).toMatchObject({
      scimType: 'invalidValue',
      detail: expect.stringContaining('userName'),
    });
    expect((await scim('POST', '/Users', newUser('not an address'))).body.scimType).toBe('invalidValue');
    const noOps = await scim('PATCH', '/Users/00000000-0000-4000-8000-000000000000', { schemas: [PATCH] });
    expect(noOps.body.scimType).toBe('invalidSyntax');
    const plainJson = await t.app.inject({
      method: 'POST',
      url: '/scim/v2/Users',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      payload: JSON.stringify(newUser('plain.json@example.com')),
    });
    expect(plainJson.statusCode).toBe(201);
  });
});

describe('SCIM groups and roles', () => {
  it('maps groups to roles: the highest mapped role wins, leaving the last mapped group falls back to viewer', async () => {
    const mapped = await t.app.inject({
      method: 'PUT',
      url: '/api/scim/mappings',
      headers: admin,
      payload: {
        mappings: [
          { group: 'CS Managers', role: 'cs_manager' },
          { group: 'CSMs', role: 'csm' },
        ],
      },
    });
    expect(mapped.statusCode, mapped.body).toBe(200);
    const ann = (await scim('POST', '/Users', newUser('ann@example.com'))).body.id;
    const bob = (await scim('POST', '/Users', newUser('bob@example.com'))).body.id;

    // RFC 7644 §3.3 (Group): create with members
    const csms = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'CSMs',
      externalId: 'grp-1',
      members: [{ value: ann }, { value: bob }],
    });
    expect(csms.status).toBe(201);
    expect(csms.body.members.map((m: { value: string }) => m.value).sort()).toEqual([ann, bob].sort());
    expect((await apiUser(ann))?.role).toBe('csm');
    expect((await apiUser(bob))?.role).toBe('csm');

    const managers = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'CS Managers', members: [] });
    // §3.5.2.1 add members (Okta and Azure AD)
    const added = await scim('PATCH', `/Groups/${managers.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: ann }] }],
    });
    expect(added.status).toBe(200);
    expect((await apiUser(ann))?.role).toBe('cs_manager');
    const annResource = await scim('GET', `/Users/${ann}`);
    expect(annResource.body.groups.map((g: { display: string }) => g.display)).toEqual(['CS Managers', 'CSMs']);

    // §3.5.2.2 remove a member by a filtered path (Okta)
    await scim('PATCH', `/Groups/${managers.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${ann}"]` }],
    });
    expect((await apiUser(ann))?.role).toBe('csm');
    // remove with a value list (Azure AD)
    await scim('PATCH', `/Groups/${csms.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ann }] }],
    });
    expect((await apiUser(ann))?.role).toBe('viewer');

    // an unmapped group changes nobody's role; renaming it to a mapped name does
    const other = await scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Everyone',
      members: [{ value: ann }],
    });
    expect((await apiUser(ann))?.role).toBe('viewer');
    await scim('PATCH', `/Groups/${other.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { id: other.body.id, displayName: 'CS Managers Two' } }],
    });
    expect((await apiUser(ann))?.role).toBe('viewer');
    const remapped = await t.app.inject({
      method: 'PUT',
      url: '/api/scim/mappings',
      headers: admin,
      payload: {
        mappings: [
          { group: 'cs managers two', role: 'admin' },
          { group: 'CSMs', role: 'support' },
        ],
      },
    });
    expect(remapped.statusCode).toBe(200);
    expect((await apiUser(ann))?.role).toBe('admin');
    expect((await apiUser(bob))?.role).toBe('support');

    // filter, excludedAttributes, uniqueness, delete
    const found = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "csms"')}&excludedAttributes=members`,
    );
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].members).toBeUndefined();
    expect((await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'CSMs' })).body.scimType).toBe('uniqueness');
    expect(
      (await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'X', members: [{ value: 'nobody' }] })).body
        .scimType,
    ).toBe('invalidValue');
    const deleted = await t.app.inject({
      method: 'DELETE',
      url: `/scim/v2/Groups/${csms.body.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect((await apiUser(bob))?.role).toBe('viewer');
    expect((await scim('GET', `/Groups/${csms.body.id}`)).status).toBe(404);
  });

  it('replaces a group with PUT (RFC 7644 §3.5.1)', async () => {
    const group = await scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Put group' });
    const put = await scim('PUT', `/Groups/${group.body.id}`, {
      schemas: [GROUP],
      displayName: 'Put group renamed',
      members: [{ value: t.users.viewer.id }],
    });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ displayName: 'Put group renamed', members: [{ value: t.users.viewer.id }] });
    const emptied = await scim('PUT', `/Groups/${group.body.id}`, {
      schemas: [GROUP],
      displayName: 'Put group renamed',
    });
    expect(emptied.body.members).toEqual([]);
  });
});

describe('SCIM settings (admins)', () => {
  it('shows the base URL, tokens, provisioned users and recent requests; rotates and revokes; audits', async () => {
    expect((await scim('GET', '/Users?count=1', undefined, 'tscim_wrong')).status).toBe(401);
    const status = await t.app.inject({ method: 'GET', url: '/api/scim', headers: admin });
    expect(status.statusCode).toBe(200);
    const body = status.json();
    expect(body.baseUrl).toMatch(/\/scim\/v2$/);
    expect(body.provisionedUsers).toBeGreaterThan(5);
    expect(body.recentRequests[0]).toMatchObject({
      method: expect.any(String),
      path: expect.stringMatching(/^\/scim\/v2\//),
    });
    expect(body.recentRequests.some((r: { status: number }) => r.status === 401)).toBe(true);
    expect(JSON.stringify(body)).not.toContain(token);

    const created = await t.app.inject({
      method: 'POST',
      url: '/api/scim/tokens',
      headers: admin,
      payload: { name: 'Okta' },
    });
    expect(created.statusCode).toBe(201);
    const first = created.json().token as string;
    expect(first).toMatch(/^tscim_/);
    expect((await scim('GET', '/Users?count=1', undefined, first)).status).toBe(200);
    const rotated = await t.app.inject({
      method: 'POST',
      url: `/api/scim/tokens/${created.json().id}/rotate`,
      headers: admin,
    });
    const second = rotated.json().token as string;
    expect(second).not.toBe(first);
    expect((await scim('GET', '/Users?count=1', undefined, first)).status).toBe(401);
    expect((await scim('GET', '/Users?count=1', undefined, second)).status).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/scim/tokens/${created.json().id}`,
      headers: admin,
    });
    expect(revoked.statusCode).toBe(200);
    expect((await scim('GET', '/Users?count=1', undefined, second)).status).toBe(401);

    const csm = (await t.as('csm')).headers;
    expect((await t.app.inject({ method: 'GET', url: '/api/scim', headers: csm })).statusCode).toBe(403);

    const audit = await t.app.inject({ method: 'GET', url: '/api/audit?pageSize=200', headers: admin });
    const entries = audit.json().items as { entity: string; actor_name: string; action: string }[];
    expect(entries.some((e) => e.entity === 'scim_user' && e.actor_name === 'SCIM: Identity provider')).toBe(true);
    expect(entries.some((e) => e.entity === 'user' && e.actor_name === 'SCIM: Identity provider')).toBe(true);
    expect(entries.some((e) => e.entity === 'scim_group' && e.action === 'delete')).toBe(true);
    expect(entries.some((e) => e.entity === 'scim_token' && e.action === 'rotate')).toBe(true);
    expect(entries.some((e) => e.entity === 'scim_mappings')).toBe(true);
  });
});
