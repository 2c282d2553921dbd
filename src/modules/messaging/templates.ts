import MarkdownIt from 'markdown-it';
import Mustache from 'mustache';
import { invalidField } from '../../http/errors.js';
import { FIXED_VARIABLES, MESSAGE_LOCALES, type MessageLocale, USAGE_WINDOWS } from '../../shared/messaging.js';

/**
 * Template text: Mustache's logic-less syntax, variables only (`{{contact.name}}`), checked against what
 * a message can know before a template is saved; bodies are Markdown turned into HTML by markdown-it with
 * raw HTML off, so neither an author nor a contact's name can inject markup.
 */

/** What templates may name besides the fixed variables: account attribute keys and product modules. */
export interface KnownVariables {
  accountFields: ReadonlySet<string>;
}

export type VariableProblem = { kind: 'unknown'; variable: string } | { kind: 'syntax'; detail: string };

const FIXED: ReadonlySet<string> = new Set(FIXED_VARIABLES);
const KEY = /^[A-Za-z0-9_-]+$/;

/** The variable names a text uses, or the reason it cannot be read (unclosed tag, a section …). */
export function variablesOf(text: string): { names: string[] } | { problem: VariableProblem } {
  let tokens: ReturnType<typeof Mustache.parse>;
  try {
    tokens = Mustache.parse(text);
  } catch (error) {
    return { problem: { kind: 'syntax', detail: error instanceof Error ? error.message : String(error) } };
  }
  const names: string[] = [];
  for (const token of tokens) {
    const [type, value] = token as unknown as [string, string];
    if (type === 'text') continue;
    if (type === 'name') names.push(value);
    // Sections, inverted sections, partials, unescaped {{{ }}} and delimiter changes are not variables.
    else if (type !== '!') return { problem: { kind: 'syntax', detail: `{{${type}${value}}}` } };
  }
  return { names };
}

export function isKnownVariable(name: string, known: KnownVariables): boolean {
  if (FIXED.has(name)) return true;
  const [head, ...rest] = name.split('.');
  if (head === 'account' && rest.length === 1) return known.accountFields.has(rest[0]);
  if (head === 'usage' && rest.length === 2)
    return KEY.test(rest[0]) && (USAGE_WINDOWS as readonly string[]).includes(rest[1]);
  return false;
}

/** Refuses a template whose subject or body names a variable no message can fill: 400 naming field and variable. */
export function assertTemplateVariables(
  content: Partial<Record<MessageLocale, { subject: string; body: string }>>,
  known: KnownVariables,
) {
  for (const locale of MESSAGE_LOCALES) {
    const part = content[locale];
    if (!part) continue;
    for (const field of ['subject', 'body'] as const) {
      const found = variablesOf(part[field]);
      const path = ['body', 'content', locale, field];
      if ('problem' in found) throw invalidField(path, 'errors.messagingTemplateSyntax', { detail: found.problem });
      const unknown = found.names.find((n) => !isKnownVariable(n, known));
      if (unknown) throw invalidField(path, 'errors.messagingUnknownVariable', { variable: unknown });
    }
  }
}

/** A survey asked in-app: the snippet shows the scale and posts the answer with the token. */
export interface InAppSurveyPrompt {
  token: string;
  kind: string;
  scale: '0-10' | '1-5';
  /** Per language, the kind's standard question already filled in where the survey asks none. */
  question: Partial<Record<MessageLocale, string>>;
}

/** The values a message to one contact fills in; missing ones render empty. */
export interface MessageContext {
  contact: { name: string; email: string | null; phone: string | null; title: string | null };
  account: Record<string, unknown> & { name: string; externalId: string | null };
  csm: { name: string; email: string };
  /** module → { '7d': n, '30d': n, '90d': n } */
  usage: Record<string, Record<string, number>>;
  /** A survey invitation's answer link (docs/surveys.md); in-app, the prompt the snippet shows (docs/inapp.md). */
  survey?: { link: string; prompt?: InAppSurveyPrompt };
  /** A monthly value report's figures (docs/value-reports.md); `figures` is a block made by `markdownTable`. */
  report?: { month: string; figures: string; milestones: string; tickets: string };
}

/**
 * Plain text as literal inline Markdown (a table cell): the marks that open emphasis, code, links, images,
 * entities or a cell escaped, line breaks as spaces. Inline only: line-start marks (#, -, 1.) mean nothing there.
 */
export const escapeMarkdown = (text: string) => text.replace(/\s+/g, ' ').replace(/[\\`*_[\]|<>~&!]/g, (c) => `\\${c}`);

/**
 * A block variable: a table of plain values as Markdown, which renders to an HTML table in the email and
 * stays readable in its text part. Every cell is escaped, so a name can neither break the table nor add
 * a link or markup; the body's own renderer (raw HTML off) turns it into HTML like the rest of the body.
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMarkdown).join(' | ')} |`;
  return [line(headers), `|${headers.map((_, i) => (i ? ' ---: |' : ' --- |')).join('')}`, ...rows.map(line)].join(
    '\n',
  );
}

const md = new MarkdownIt({ html: false, linkify: true, breaks: true });
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
// Click tracking: each link's href goes through the caller's rewrite (env.link), before rendering.
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  const rewrite = (env as { link?: (href: string) => string }).link;
  const href = tokens[idx].attrGet('href');
  if (rewrite && href && /^https?:\/\//i.test(href)) tokens[idx].attrSet('href', rewrite(href));
  return defaultLinkOpen(tokens, idx, options, env, self);
};

const fill = (text: string, context: MessageContext) =>
  Mustache.render(text, context, {}, { escape: (value: unknown) => String(value) });

/**
 * Renders a subject and body for one contact: the text part is the filled-in Markdown, the HTML part
 * its rendering (links rewritten by `link` for click tracking).
 */
export function renderMessage(
  part: { subject: string; body: string },
  context: MessageContext,
  options: { link?: (href: string) => string } = {},
) {
  const subject = fill(part.subject, context).replace(/\s+/g, ' ').trim();
  const text = fill(part.body, context);
  const html = md.render(text, { link: options.link });
  return { subject, text, html };
}

/** The language of a message: the wanted one when the template has it, else the other. */
export function pickLocale(
  content: Partial<Record<MessageLocale, { subject: string; body: string }>>,
  wanted: MessageLocale,
): MessageLocale | undefined {
  if (content[wanted]?.body.trim()) return wanted;
  return MESSAGE_LOCALES.find((l) => content[l]?.body.trim());
}

export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
