import { CONTACT_ROLES } from '../../../shared/accounts.js';
import type { ImportColumn } from '../../../shared/imports.js';
import type { ContactUpsert } from '../../contacts/contacts.types.js';
import type { KindDefinition } from '../import.types.js';
import { enumAliases, RowReader } from '../values.js';
import { ACCOUNT_EXTERNAL_ID, withAccounts } from './common.js';

const ROLE = enumAliases(CONTACT_ROLES, {
  决策者: 'decision_maker',
  决策人: 'decision_maker',
  拍板人: 'decision_maker',
  经济买家: 'economic_buyer',
  预算负责人: 'economic_buyer',
  采购决策人: 'economic_buyer',
  'budget holder': 'economic_buyer',
  支持者: 'champion',
  拥护者: 'champion',
  内部教练: 'champion',
  倡导者: 'champion',
  最终用户: 'end_user',
  使用者: 'end_user',
  用户: 'end_user',
  user: 'end_user',
  反对者: 'blocker',
  阻碍者: 'blocker',
});

const COLUMNS: ImportColumn[] = [
  ACCOUNT_EXTERNAL_ID,
  {
    name: 'external_id',
    required: false,
    type: 'text',
    aliases: ['联系人编号', '联系人ID', 'contact_id', 'contact_external_id'],
    example: 'C-100',
  },
  {
    name: 'name',
    required: true,
    type: 'text',
    aliases: ['姓名', '联系人', '联系人姓名', 'contact_name', 'full_name'],
    example: 'Li Lei',
  },
  {
    name: 'email',
    required: false,
    type: 'email',
    aliases: ['邮箱', '电子邮箱', '电子邮件', 'e_mail', 'email_address'],
    example: 'li.lei@acme.example',
  },
  {
    name: 'phone',
    required: false,
    type: 'text',
    aliases: ['电话', '手机', '手机号', '联系电话', 'mobile', 'phone_number'],
    example: '+86 138 0000 0000',
  },
  {
    name: 'title',
    required: false,
    type: 'text',
    aliases: ['职位', '职务', 'job_title'],
    example: 'Head of Operations',
  },
  {
    name: 'role',
    required: false,
    type: 'enum',
    allowed: [...CONTACT_ROLES],
    aliases: ['角色', '决策链角色', 'decision_role'],
    example: 'champion',
  },
  {
    name: 'is_primary',
    required: false,
    type: 'boolean',
    aliases: ['主要联系人', '是否主要联系人', 'primary'],
    example: 'yes',
  },
];

type ContactRow = Omit<ContactUpsert, 'accountId'> & { line: number; accountExternalId: string };

/**
 * Contacts, upserted within their account by external id, or else by email; one of the two
 * is needed so that a re-import finds the same person. A blank cell leaves the stored value.
 */
export const contactsKind: KindDefinition<ContactRow> = {
  kind: 'contacts',
  columns: COLUMNS,
  attributes: false,
  parse(line, values) {
    const r = new RowReader(line, values);
    const accountExternalId = r.text('account_external_id', { required: true });
    const externalId = r.text('external_id');
    const name = r.text('name', { required: true });
    const email = r.email('email');
    const phone = r.text('phone', { max: 50 });
    const title = r.text('title');
    const role = r.oneOf('role', ROLE, CONTACT_ROLES);
    const isPrimary = r.boolean('is_primary');
    if (!r.has('external_id') && !r.has('email')) r.fail('external_id', 'imports.contactKey');
    if (r.errors.length) return r.errors;
    return {
      line,
      accountExternalId: accountExternalId!,
      externalId,
      name: name!,
      email,
      phone,
      title,
      role,
      isPrimary,
    };
  },
  async write(rows, trx, ctx) {
    const { known, refused } = await withAccounts(rows, trx, ctx);
    await ctx.writers.contacts.upsertMany(ctx.actor, known, trx);
    return { refused, createdAccounts: [], accountIds: known.map((r) => r.accountId) };
  },
};
