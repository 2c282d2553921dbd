import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A person the platforms know, by login (WeCom userid, and the code's key). */
export interface PlatformPerson {
  name: string;
  email?: string;
  /** WeCom department ids. */
  department?: number[];
  /** Another organisation than the fixture's: Feishu tenant_key, DingTalk corpId. */
  org?: string;
}

export type Platform = 'feishu' | 'dingtalk' | 'wecom';

const fixture = (platform: Platform, file: string) =>
  JSON.parse(readFileSync(new URL(`../fixtures/${platform}/${file}`, import.meta.url), 'utf8'));

/**
 * A local stand-in for Feishu, DingTalk and WeCom's sign-in and user APIs (one server, each platform's paths),
 * replaying test/fixtures/<platform>/ (README there names each documentation page). Its sign-in pages send the
 * browser straight back with a one-time code for `state.login` (the person "signed in" at the platform); the
 * token endpoints answer the platform's error shape for a code they did not issue or already took. Every API
 * request is logged (method, path, query, headers, JSON body).
 */
export async function startPlatformServer(people: Map<string, PlatformPerson>) {
  const state = { login: 'alice' };
  const codes = new Map<string, string>();
  const tokens = new Map<string, string>();
  const requests: {
    method: string;
    path: string;
    query: URLSearchParams;
    headers: http.IncomingHttpHeaders;
    body?: any;
  }[] = [];
  let issued = 0;

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    let text = '';
    for await (const chunk of req) text += chunk;
    const body = text ? JSON.parse(text) : undefined;
    const answer = (status: number, json: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(json));
    };
    const signInPage = (codeName: string) => {
      const code = `code-${++issued}`;
      codes.set(code, state.login);
      const back = new URL(url.searchParams.get('redirect_uri') ?? '');
      back.searchParams.set(codeName, code);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      res.writeHead(302, { location: back.href });
      res.end();
    };
    /** The code's person, once; a token for them. */
    const take = (code: unknown) => {
      const login = codes.get(String(code));
      codes.delete(String(code));
      if (!login) return undefined;
      const token = `token-${++issued}`;
      tokens.set(token, login);
      return { token, person: people.get(login)!, login };
    };
    if (req.method === 'GET' && url.pathname === '/open-apis/authen/v1/authorize') return signInPage('code');
    if (req.method === 'GET' && url.pathname === '/oauth2/auth') return signInPage('authCode');
    if (req.method === 'GET' && url.pathname === '/wwlogin/sso/login') return signInPage('code');
    requests.push({
      method: req.method ?? '',
      path: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
    });

    switch (url.pathname) {
      // Feishu
      case '/open-apis/authen/v2/oauth/token': {
        const got = take(body?.code);
        if (!got) return answer(400, fixture('feishu', 'token-invalid-grant.json'));
        return answer(200, { ...fixture('feishu', 'token.json'), access_token: got.token });
      }
      case '/open-apis/authen/v1/user_info': {
        const login = tokens.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
        if (!login) return answer(401, { code: 99991668, msg: 'Invalid access token for authorization.' });
        const info = fixture('feishu', 'user-info.json');
        const person = people.get(login)!;
        info.data = { ...info.data, name: person.name, union_id: `on-${login}`, open_id: `ou-${login}` };
        if (person.org) info.data.tenant_key = person.org;
        if (person.email) info.data.enterprise_email = person.email;
        else {
          delete info.data.enterprise_email;
          delete info.data.email;
        }
        return answer(200, info);
      }
      // DingTalk
      case '/v1.0/oauth2/userAccessToken': {
        const got = body?.grantType === 'authorization_code' ? take(body?.code) : undefined;
        if (!got) return answer(400, fixture('dingtalk', 'error-invalid-code.json'));
        const token = { ...fixture('dingtalk', 'user-access-token.json'), accessToken: got.token };
        return answer(200, got.person.org ? { ...token, corpId: got.person.org } : token);
      }
      case '/v1.0/contact/users/me': {
        const login = tokens.get(String(req.headers['x-acs-dingtalk-access-token']));
        if (!login) return answer(401, { code: 'InvalidAuthentication', message: '不合法的access_token' });
        const person = people.get(login)!;
        const me = { ...fixture('dingtalk', 'users-me.json'), nick: person.name, unionId: `union-${login}` };
        if (person.email) me.email = person.email;
        else delete me.email;
        return answer(200, me);
      }
      // WeCom: every answer is HTTP 200 with errcode.
      case '/cgi-bin/gettoken':
        if (url.searchParams.get('corpsecret') !== 'wecom-secret-0123456789')
          return answer(200, { errcode: 40001, errmsg: 'invalid credential' });
        return answer(200, fixture('wecom', 'gettoken.json'));
      case '/cgi-bin/auth/getuserinfo': {
        const got = take(url.searchParams.get('code'));
        if (!got) return answer(200, fixture('wecom', 'error-invalid-code.json'));
        return answer(200, { ...fixture('wecom', 'getuserinfo.json'), userid: got.login, user_ticket: got.token });
      }
      case '/cgi-bin/user/get': {
        const login = url.searchParams.get('userid') ?? '';
        const person = people.get(login);
        if (!person) return answer(200, { errcode: 60111, errmsg: 'userid not found' });
        return answer(200, {
          ...fixture('wecom', 'user-get.json'),
          userid: login,
          name: person.name,
          department: person.department ?? [1],
        });
      }
      case '/cgi-bin/auth/getuserdetail': {
        const login = tokens.get(String(body?.user_ticket));
        if (!login) return answer(200, { errcode: 40029, errmsg: 'invalid code' });
        const detail = { ...fixture('wecom', 'getuserdetail.json'), userid: login };
        const person = people.get(login)!;
        if (person.email) detail.biz_mail = person.email;
        else {
          delete detail.biz_mail;
          delete detail.email;
        }
        return answer(200, detail);
      }
    }
    answer(404, { error: 'not found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
