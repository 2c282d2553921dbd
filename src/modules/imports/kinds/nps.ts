import type { ImportColumn } from '../../../shared/imports.js';
import type { KindDefinition } from '../import.types.js';
import { RowReader } from '../values.js';
import { ACCOUNT_EXTERNAL_ID, lastByKey, withAccounts } from './common.js';

const COLUMNS: ImportColumn[] = [
  {
    name: 'external_id',
    required: true,
    type: 'text',
    aliases: ['答卷编号', '回复编号', '问卷编号', 'response_id'],
    example: 'R-9001',
  },
  ACCOUNT_EXTERNAL_ID,
  {
    name: 'contact_email',
    required: false,
    type: 'email',
    aliases: ['联系人邮箱', '邮箱', 'email'],
    example: 'li.lei@acme.example',
  },
  {
    name: 'score',
    required: true,
    type: 'integer',
    aliases: ['评分', '分数', '推荐值', 'nps', 'nps_score'],
    example: '9',
  },
  {
    name: 'comment',
    required: false,
    type: 'text',
    aliases: ['评论', '意见', '反馈', '备注'],
    example: 'Reports save us hours every week',
  },
  {
    name: 'responded_at',
    required: true,
    type: 'datetime',
    aliases: ['回复时间', '填写时间', '提交时间', 'responded_on', 'date'],
    example: '2024-03-15',
  },
];

interface NpsRow {
  line: number;
  externalId: string;
  accountExternalId: string;
  contactEmail: string | undefined;
  score: number;
  comment: string | null;
  respondedAt: Date;
}

/**
 * NPS answers, kept by external id: an answer is a fact, so one already stored is left as it
 * is. A contact email links the answer to that contact of the account when there is one.
 */
export const npsKind: KindDefinition<NpsRow> = {
  kind: 'nps',
  columns: COLUMNS,
  attributes: false,
  parse(line, values, _attributes, { timeZone }) {
    const r = new RowReader(line, values);
    const externalId = r.text('external_id', { required: true });
    const accountExternalId = r.text('account_external_id', { required: true });
    const contactEmail = r.email('contact_email');
    let score: number | undefined;
    if (r.has('score')) {
      score = /^\d+$/.test(r.raw('score')) ? Number(r.raw('score')) : Number.NaN;
      if (!(score >= 0 && score <= 10)) r.fail('score', 'imports.badScore', { value: r.raw('score') });
    } else r.fail('score', 'imports.required');
    const comment = r.text('comment', { max: 5000 }) ?? null;
    const respondedAt = r.timestamp('responded_at', timeZone, { required: true });
    if (r.errors.length) return r.errors;
    return {
      line,
      externalId: externalId!,
      accountExternalId: accountExternalId!,
      contactEmail,
      score: score!,
      comment,
      respondedAt: respondedAt!,
    };
  },
  async write(rows, trx, ctx) {
    const { known, refused } = await withAccounts(
      lastByKey(rows, (r) => r.externalId),
      trx,
      ctx,
    );
    const withEmail = known
      .filter((r) => r.contactEmail)
      .map((r) => ({ accountId: r.accountId, email: r.contactEmail! }));
    const contactIds = await ctx.writers.contacts.idsByEmails(withEmail, trx);
    await ctx.writers.nps.bulkInsert(
      ctx.actor,
      known.map((r) => ({
        ...r,
        contactId: r.contactEmail ? (contactIds.get(`${r.accountId}|${r.contactEmail.toLowerCase()}`) ?? null) : null,
      })),
      trx,
    );
    return { refused, createdAccounts: [], accountIds: known.map((r) => r.accountId) };
  },
};
