import type { SsoProvider } from '../../shared/sso.js';

/**
 * Feishu / Lark, DingTalk and WeCom sign people in with OAuth 2.0 web flows whose token and user endpoints
 * are their own (no discovery, no id_token), so each has a small adapter here: the address to send the
 * browser to, and the code exchange that yields the same identity the OpenID Connect path produces. The
 * state cookie, the one-time sso_requests row, just-in-time creation, role mapping and SSO-only domains
 * are sso.service.ts's, shared with OIDC.
 */

/** Who signed in, as every path hands it to the shared sign-in. */
export interface SsoIdentity {
  /** The platform's stable id of the person (OIDC sub, Feishu union_id, DingTalk unionId, WeCom userid). */
  subject: string;
  email: string;
  /** Only when the platform says so; undefined when it does not tell. */
  emailVerified?: boolean;
  name: string;
  /** The platform's user object as answered: the role claim (a dotted path) is read from it. */
  claims: Record<string, unknown>;
}

export interface PlatformSettings {
  clientId: string;
  clientSecret: string;
  agentId: string;
  /** Empty: the platform's public hosts. Set: every call (authorize page included) goes there. */
  baseUrl: string;
}

/** The platform answered with its error shape: a wrong, used or expired code, a bad secret … */
export class PlatformRefusal extends Error {}
/** The platform could not be reached, or answered something that is not its documented shape. */
export class PlatformUnavailable extends Error {}

export interface PlatformAdapter {
  /** The public hosts: the sign-in page's and the API's. */
  hosts: { auth: string; api: string };
  authorizeUrl(s: PlatformSettings, redirectUrl: string, state: string): URL;
  identify(s: PlatformSettings, code: string, redirectUrl: string): Promise<SsoIdentity>;
}

const hostOf = (adapter: PlatformAdapter, s: PlatformSettings, which: 'auth' | 'api') =>
  (s.baseUrl || adapter.hosts[which]).replace(/\/+$/, '');

async function call(url: string, init: RequestInit = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  } catch (error) {
    throw new PlatformUnavailable(`${new URL(url).pathname}: ${(error as Error).message}`);
  }
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') return { status: response.status, body };
  } catch {}
  throw new PlatformUnavailable(`${new URL(url).pathname}: HTTP ${response.status}, not JSON`);
}

const str = (value: unknown) => (typeof value === 'string' ? value.trim() : '');
const json = (body: unknown): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: JSON.stringify(body),
});

/**
 * Feishu / Lark. Authorize: https://open.feishu.cn/document/common-capabilities/sso/api/obtain-oauth-code
 * (GET /open-apis/authen/v1/authorize?app_id&redirect_uri&state). Token:
 * https://open.feishu.cn/document/authentication-management/access-token/get-user-access-token
 * (POST /open-apis/authen/v2/oauth/token; `code` 0 and `access_token`, else `code`, `error`, `error_description`).
 * User: https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/authen-v1/user_info/get
 * (GET /open-apis/authen/v1/user_info, `data`: name, open_id, union_id, user_id, email, enterprise_email …).
 */
const feishu: PlatformAdapter = {
  hosts: { auth: 'https://open.feishu.cn', api: 'https://open.feishu.cn' },
  authorizeUrl(s, redirectUrl, state) {
    const url = new URL(`${hostOf(feishu, s, 'auth')}/open-apis/authen/v1/authorize`);
    url.search = new URLSearchParams({ app_id: s.clientId, redirect_uri: redirectUrl, state }).toString();
    return url;
  },
  async identify(s, code, redirectUrl) {
    const api = hostOf(feishu, s, 'api');
    const token = await call(
      `${api}/open-apis/authen/v2/oauth/token`,
      json({
        grant_type: 'authorization_code',
        client_id: s.clientId,
        client_secret: s.clientSecret,
        code,
        redirect_uri: redirectUrl,
      }),
    );
    if (token.body.code !== 0 || !str(token.body.access_token))
      throw new PlatformRefusal(
        `token: ${token.body.code ?? token.status} ${str(token.body.error_description) || str(token.body.error) || str(token.body.msg)}`,
      );
    const info = await call(`${api}/open-apis/authen/v1/user_info`, {
      headers: { authorization: `Bearer ${str(token.body.access_token)}` },
    });
    const data = info.body.data as Record<string, unknown> | undefined;
    if (info.body.code !== 0 || !data) throw new PlatformRefusal(`user_info: ${info.body.code} ${str(info.body.msg)}`);
    // The tenant's own mailbox first: it is the work address; `email` is the one the person registered.
    const email = str(data.enterprise_email) || str(data.email);
    return {
      subject: str(data.union_id) || str(data.open_id),
      email,
      name: str(data.name),
      claims: data,
    };
  },
};

/**
 * DingTalk. Authorize: https://open.dingtalk.com/document/orgapp/tutorial-obtaining-user-personal-information
 * (GET login.dingtalk.com/oauth2/auth?client_id&redirect_uri&response_type=code&scope=openid&state&prompt=consent).
 * Token: https://open.dingtalk.com/document/orgapp/obtain-user-token (POST /v1.0/oauth2/userAccessToken
 * {clientId, clientSecret, code, grantType} → accessToken; errors are HTTP 4xx with `code`, `message`).
 * User: https://open.dingtalk.com/document/orgapp/dingtalk-retrieve-user-information (GET /v1.0/contact/users/me,
 * header x-acs-dingtalk-access-token → nick, unionId, openId, email, mobile, stateCode).
 */
const dingtalk: PlatformAdapter = {
  hosts: { auth: 'https://login.dingtalk.com', api: 'https://api.dingtalk.com' },
  authorizeUrl(s, redirectUrl, state) {
    const url = new URL(`${hostOf(dingtalk, s, 'auth')}/oauth2/auth`);
    url.search = new URLSearchParams({
      client_id: s.clientId,
      redirect_uri: redirectUrl,
      response_type: 'code',
      scope: 'openid',
      state,
      prompt: 'consent',
    }).toString();
    return url;
  },
  async identify(s, code) {
    const api = hostOf(dingtalk, s, 'api');
    const token = await call(
      `${api}/v1.0/oauth2/userAccessToken`,
      json({ clientId: s.clientId, clientSecret: s.clientSecret, code, grantType: 'authorization_code' }),
    );
    const accessToken = str(token.body.accessToken);
    if (token.status !== 200 || !accessToken)
      throw new PlatformRefusal(`userAccessToken: ${str(token.body.code) || token.status} ${str(token.body.message)}`);
    const me = await call(`${api}/v1.0/contact/users/me`, { headers: { 'x-acs-dingtalk-access-token': accessToken } });
    if (me.status !== 200)
      throw new PlatformRefusal(`users/me: ${str(me.body.code) || me.status} ${str(me.body.message)}`);
    return {
      subject: str(me.body.unionId) || str(me.body.openId),
      email: str(me.body.email),
      name: str(me.body.nick),
      // The organisation the person signed in to (the token answer's corpId) maps roles per organisation.
      claims: { ...me.body, ...(str(token.body.corpId) && { corpId: str(token.body.corpId) }) },
    };
  },
};

/**
 * WeCom. Authorize (web sign-in of a self-built app): https://developer.work.weixin.qq.com/document/path/98151
 * (GET login.work.weixin.qq.com/wwlogin/sso/login?login_type=CorpApp&appid=<corp id>&agentid&redirect_uri&state).
 * Corp token: https://developer.work.weixin.qq.com/document/path/91039 (GET /cgi-bin/gettoken?corpid&corpsecret).
 * Who: https://developer.work.weixin.qq.com/document/path/98176 (GET /cgi-bin/auth/getuserinfo?access_token&code
 * → userid, user_ticket). Profile: https://developer.work.weixin.qq.com/document/path/90196 (GET /cgi-bin/user/get:
 * name, department ids, email, biz_mail …) and, with a user_ticket, https://developer.work.weixin.qq.com/document/path/95833
 * (POST /cgi-bin/auth/getuserdetail: the email and biz_mail the person agreed to share). Every answer carries
 * `errcode` (0: fine) and `errmsg`.
 */
const wecom: PlatformAdapter = {
  hosts: { auth: 'https://login.work.weixin.qq.com', api: 'https://qyapi.weixin.qq.com' },
  authorizeUrl(s, redirectUrl, state) {
    const url = new URL(`${hostOf(wecom, s, 'auth')}/wwlogin/sso/login`);
    url.search = new URLSearchParams({
      login_type: 'CorpApp',
      appid: s.clientId,
      agentid: s.agentId,
      redirect_uri: redirectUrl,
      state,
    }).toString();
    return url;
  },
  async identify(s, code) {
    const api = hostOf(wecom, s, 'api');
    const ok = async (what: string, url: string, init?: RequestInit) => {
      const answer = await call(url, init);
      if (answer.body.errcode !== 0)
        throw new PlatformRefusal(`${what}: ${answer.body.errcode} ${str(answer.body.errmsg)}`);
      return answer.body;
    };
    const q = (params: Record<string, string>) => new URLSearchParams(params).toString();
    const corp = await ok(
      'gettoken',
      `${api}/cgi-bin/gettoken?${q({ corpid: s.clientId, corpsecret: s.clientSecret })}`,
    );
    const accessToken = str(corp.access_token);
    const who = await ok('getuserinfo', `${api}/cgi-bin/auth/getuserinfo?${q({ access_token: accessToken, code })}`);
    const userid = str(who.userid);
    // Someone outside the corp (openid only) is no member: no profile, no sign-in.
    if (!userid) throw new PlatformRefusal('getuserinfo: not a member of the corp');
    const user = await ok('user/get', `${api}/cgi-bin/user/get?${q({ access_token: accessToken, userid })}`);
    const detail = str(who.user_ticket)
      ? await ok(
          'getuserdetail',
          `${api}/cgi-bin/auth/getuserdetail?${q({ access_token: accessToken })}`,
          json({ user_ticket: str(who.user_ticket) }),
        )
      : {};
    const { errcode: _e, errmsg: _m, ...claims } = { ...user, ...detail };
    // The corp mailbox first (biz_mail), then the email the member set.
    return {
      subject: userid,
      email: str(claims.biz_mail) || str(claims.email),
      name: str(user.name),
      claims,
    };
  },
};

export const PLATFORMS: Record<Exclude<SsoProvider, 'oidc'>, PlatformAdapter> = { feishu, dingtalk, wecom };
