import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { App } from '../../http/types.js';
import { type Locale, LOCALES, translator } from '../../i18n/index.js';
import { type Answered, type Invitation, scaleRange } from './surveys.respond.js';
import type { SurveyService } from './surveys.service.js';
import { answerPath } from './surveys.types.js';

const esc = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
// A missing or mangled token still gets the page saying the link is not valid, not a bare 400.
const query = z.object({ t: z.string().max(8000).default(''), lang: z.string().max(10).optional() });

const STYLE = `*{box-sizing:border-box}body{font-family:-apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;margin:0;
padding:16px;color:#1f1f1f;background:#f5f5f5}main{max-width:560px;margin:0 auto;background:#fff;border-radius:12px;padding:20px}
nav{text-align:right;font-size:15px;margin-bottom:8px}nav a{display:inline-block;padding:10px 12px;color:#1677ff}
h1{font-size:20px;line-height:1.4}.scale{display:grid;grid-template-columns:repeat(6,1fr);gap:8px;margin:16px 0 4px}
.scale.five{grid-template-columns:repeat(5,1fr)}.scale label{display:block}.scale input{position:absolute;opacity:0}
.scale span{display:flex;align-items:center;justify-content:center;min-height:48px;border:1px solid #d9d9d9;border-radius:8px;
font-size:18px;cursor:pointer}.scale input:checked+span{background:#1677ff;border-color:#1677ff;color:#fff}
.scale input:focus-visible+span{outline:2px solid #1677ff}.ends{display:flex;justify-content:space-between;font-size:13px;color:#666}
textarea{width:100%;min-height:96px;font-size:16px;padding:10px;border:1px solid #d9d9d9;border-radius:8px;margin-top:6px}
button{width:100%;min-height:48px;margin-top:16px;font-size:17px;border:0;border-radius:8px;background:#1677ff;color:#fff}
.error{color:#cf1322}`;

function document(locale: Locale, title: string, body: string, switchTo?: string) {
  const nav = switchTo ? `<nav>${switchTo}</nav>` : '';
  return `<!doctype html><html lang="${locale}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${esc(title)}</title><style>${STYLE}</style>
</head><body><main>${nav}${body}</main></body></html>`;
}

/** The contact's language unless the page's switch chose the other; the organisation's when unknown. */
function localeOf(wanted: string | undefined, invitation: Invitation | undefined, fallback: Locale): Locale {
  for (const l of [wanted, invitation?.locale]) if (LOCALES.includes(l as Locale)) return l as Locale;
  return fallback;
}

function questionOf(invitation: Invitation, locale: Locale, t: ReturnType<typeof translator>) {
  const other = LOCALES.find((l) => l !== locale)!;
  if (invitation.kind !== 'custom') return invitation.question[locale] || t(`surveys.page.question.${invitation.kind}`);
  return invitation.question[locale] || invitation.question[other] || '';
}

function render(result: Answered, token: string, locale: Locale, comment = '') {
  const t = translator(locale);
  const title = t('surveys.page.title');
  if (result.state === 'invalid') return document(locale, title, `<h1>${esc(t('surveys.page.invalid'))}</h1>`);
  const { invitation } = result;
  const other = LOCALES.find((l) => l !== locale)!;
  const link = `${answerPath}?t=${encodeURIComponent(token)}&lang=${other}`;
  const switchTo = `<a href="${esc(link)}" lang="${other}">${esc(t(`surveys.page.switch.${other}`))}</a>`;
  const message = (key: string) => document(locale, title, `<h1>${esc(t(key))}</h1>`, switchTo);
  if (result.state === 'expired') return message('surveys.page.expired');
  if (result.state === 'answered') return message('surveys.page.answered');
  if (result.state === 'thanks') return message('surveys.page.thanks');
  const { min, max } = scaleRange(invitation.scale);
  const ends = invitation.kind === 'nps' ? 'nps' : 'satisfaction';
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i)
    .map((n) => `<label><input type="radio" name="score" value="${n}" required><span>${n}</span></label>`)
    .join('');
  const error =
    result.state === 'badScore' ? `<p class="error" role="alert">${esc(t('surveys.page.pickScore'))}</p>` : '';
  const body = `<h1>${esc(questionOf(invitation, locale, t))}</h1>
<form method="post" action="${esc(`${answerPath}?t=${encodeURIComponent(token)}`)}">
<input type="hidden" name="lang" value="${locale}">
<div class="scale${max === 5 ? ' five' : ''}" role="radiogroup">${scores}</div>
<div class="ends"><span>${esc(t(`surveys.page.low.${ends}`))}</span><span>${esc(t(`surveys.page.high.${ends}`))}</span></div>${error}
<p><label for="comment">${esc(t('surveys.page.comment'))}</label>
<textarea id="comment" name="comment" maxlength="5000">${esc(comment)}</textarea></p>
<button type="submit">${esc(t('surveys.page.submit'))}</button></form>`;
  return document(locale, title, body, switchTo);
}

const statusOf = (result: Answered) => (result.state === 'invalid' ? 404 : result.state === 'expired' ? 410 : 200);

/**
 * The public answer page of a survey invitation, outside /api and without sign-in: the signed token in
 * the link is the authentication. Server-rendered, so it works on any phone without the web app.
 */
export function surveyPublicRoutes(app: App, { surveys, locale }: { surveys: SurveyService; locale: Locale }) {
  app.register(async (plain) => {
    const scope = plain as unknown as App;
    const form = 'application/x-www-form-urlencoded';
    if (scope.hasContentTypeParser(form)) scope.removeContentTypeParser(form);
    scope.addContentTypeParser(form, { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) =>
      done(null, Object.fromEntries(new URLSearchParams(String(body)))),
    );
    const config = { access: 'public' as const };
    const send = (reply: FastifyReply, result: Answered, html: string) =>
      reply.code(statusOf(result)).header('cache-control', 'no-store').type('text/html; charset=utf-8').send(html);

    scope.get(answerPath, { config, schema: { hide: true, querystring: query } }, async (request, reply) => {
      const { t, lang } = request.query as z.infer<typeof query>;
      const result = await surveys.answers.open(t);
      const invitation = result.state === 'invalid' ? undefined : result.invitation;
      return send(reply, result, render(result, t, localeOf(lang, invitation, locale)));
    });
    scope.post(answerPath, { config, schema: { hide: true, querystring: query } }, async (request, reply) => {
      const { t } = request.query as z.infer<typeof query>;
      const body = (request.body ?? {}) as Record<string, string | undefined>;
      const score = body.score !== undefined && /^\d{1,2}$/.test(body.score) ? Number(body.score) : undefined;
      const result = await surveys.answers.answer(t, { score, comment: body.comment });
      const invitation = result.state === 'invalid' ? undefined : result.invitation;
      const html = render(result, t, localeOf(body.lang, invitation, locale), body.comment ?? '');
      return send(reply, result, html);
    });
  });
}
