import { CHURN_OUTCOME, LIFECYCLE_STAGES, TIERS } from '../../../shared/accounts.js';
import type { ImportColumn } from '../../../shared/imports.js';
import type { AccountUpsert } from '../../accounts/accounts.types.js';
import type { KindDefinition, RowError } from '../import.types.js';
import { enumAliases, isNumeric, RowReader } from '../values.js';

export { CHURN_OUTCOME };

const TIER = enumAliases(TIERS, {
  高接触: 'high_touch',
  重点: 'high_touch',
  低接触: 'low_touch',
  技术接触: 'tech_touch',
  自助: 'tech_touch',
  'self serve': 'tech_touch',
});
const STAGE = enumAliases(LIFECYCLE_STAGES, {
  潜在客户: 'prospect',
  交接: 'handoff',
  上线: 'onboarding',
  实施: 'onboarding',
  入门: 'onboarding',
  采用: 'adoption',
  使用: 'adoption',
  续约: 'renewal',
  续费: 'renewal',
  已续约: 'renewed',
  已续费: 'renewed',
  流失: 'churned',
  已流失: 'churned',
});

const COLUMNS: ImportColumn[] = [
  {
    name: 'external_id',
    required: true,
    type: 'text',
    aliases: ['客户编号', '客户ID', '客户代码', '外部编号', 'account_external_id', 'customer_id'],
    example: 'ACME-001',
  },
  {
    name: 'name',
    required: false,
    type: 'text',
    aliases: ['名称', '客户名称', '公司名称', '企业名称', 'account_name', 'company', 'company_name'],
    example: 'Acme Ltd',
  },
  { name: 'domain', required: false, type: 'text', aliases: ['域名', '网站', 'website'], example: 'acme.example' },
  { name: 'industry', required: false, type: 'text', aliases: ['行业', '所属行业'], example: 'Retail' },
  {
    name: 'employees',
    required: false,
    type: 'integer',
    aliases: ['员工数', '员工人数', '公司规模', 'employee_count'],
    example: '250',
  },
  { name: 'region', required: false, type: 'text', aliases: ['地区', '区域', '大区'], example: 'East China' },
  {
    name: 'tier',
    required: false,
    type: 'enum',
    allowed: [...TIERS],
    aliases: ['服务模式', '客户分级', '服务等级', 'touch'],
    example: 'high_touch',
  },
  {
    name: 'lifecycle_stage',
    required: false,
    type: 'enum',
    allowed: [...LIFECYCLE_STAGES],
    aliases: ['生命周期阶段', '阶段', 'stage'],
    example: 'adoption',
  },
  {
    name: 'owner_email',
    required: false,
    type: 'email',
    aliases: ['负责人邮箱', '客户成功经理邮箱', 'csm_email', 'owner'],
    example: '',
  },
  {
    name: 'first_paid_on',
    required: false,
    type: 'date',
    aliases: ['首次付费日期', '首付日期'],
    example: '2023-06-01',
  },
  { name: 'churned_on', required: false, type: 'date', aliases: ['流失日期'], example: '' },
  {
    name: 'parent_external_id',
    required: false,
    type: 'text',
    aliases: ['上级客户编号', '母公司编号', 'parent_id'],
    example: '',
  },
  { name: CHURN_OUTCOME, required: false, type: 'boolean', aliases: ['是否流失', 'churn_outcome'], example: '' },
];

type AccountRow = AccountUpsert & { line: number };

/**
 * Accounts, upserted by external id. Known columns fill the account; every other column is a
 * custom attribute, numeric or categorical by what its values look like across the whole file;
 * a blank cell leaves the stored value (or attribute) as it is.
 */
export const accountsKind: KindDefinition<AccountRow> = {
  kind: 'accounts',
  columns: COLUMNS,
  attributes: true,
  async prepare(ctx) {
    for (const user of await ctx.writers.users.list()) ctx.userIds.set(user.email.toLowerCase(), user.id);
  },
  parse(line, values, attributeCells, ctx) {
    const r = new RowReader(line, values);
    const externalId = r.text('external_id', { required: true });
    const row: AccountRow = { line, externalId: externalId ?? '' };
    row.name = r.text('name');
    row.domain = r.text('domain');
    row.industry = r.text('industry', { max: 100 });
    row.employees = r.integer('employees', { max: 10_000_000 });
    row.region = r.text('region', { max: 100 });
    row.tier = r.oneOf('tier', TIER, TIERS);
    row.lifecycleStage = r.oneOf('lifecycle_stage', STAGE, LIFECYCLE_STAGES);
    const ownerEmail = r.email('owner_email');
    if (ownerEmail) {
      row.ownerId = ctx.userIds.get(ownerEmail.toLowerCase());
      if (!row.ownerId) r.fail('owner_email', 'imports.unknownUser', { value: ownerEmail });
    }
    row.firstPaidOn = r.date('first_paid_on');
    row.churnedOn = r.date('churned_on');
    row.parentExternalId = r.text('parent_external_id');
    if (row.parentExternalId && row.parentExternalId === externalId)
      r.fail('parent_external_id', 'imports.parentCycle', { value: row.parentExternalId });
    const outcome = r.boolean(CHURN_OUTCOME);

    const attributes: Record<string, unknown> = {};
    for (const [key, cell] of attributeCells) {
      if (cell === '') continue;
      if (ctx.attributeTypes.get(key) !== 'numeric') attributes[key] = cell;
      // Only an override can make a column numeric while holding text: that cell is refused.
      else if (isNumeric(cell)) attributes[key] = Number(cell);
      else r.fail(key, 'imports.notNumeric', { value: cell });
    }
    if (outcome !== undefined) attributes[CHURN_OUTCOME] = outcome;
    if (Object.keys(attributes).length) row.attributes = attributes;
    return r.errors.length ? r.errors : row;
  },
  async write(rows, trx, { actor, writers }) {
    const refused: RowError[] = [];
    // A parent must exist already or come in the same chunk; linking must not make a cycle.
    const inChunk = new Set(rows.map((r) => r.externalId));
    const parents = [
      ...new Set(rows.map((r) => r.parentExternalId).filter((p): p is string => Boolean(p) && !inChunk.has(p!))),
    ];
    const known = await writers.accounts.idsByExternalIds(parents, trx);
    const cycles = await writers.accounts.parentCycles(
      rows.filter((r) => r.parentExternalId).map((r) => ({ child: r.externalId, parent: r.parentExternalId! })),
      trx,
    );
    const good = rows.filter((r) => {
      if (!r.parentExternalId) return true;
      if (!inChunk.has(r.parentExternalId) && !known.has(r.parentExternalId)) {
        refused.push({
          line: r.line,
          column: 'parent_external_id',
          reason: 'imports.unknownParent',
          params: { value: r.parentExternalId },
        });
        return false;
      }
      if (cycles.has(r.externalId)) {
        refused.push({
          line: r.line,
          column: 'parent_external_id',
          reason: 'imports.parentCycle',
          params: { value: r.parentExternalId },
        });
        return false;
      }
      return true;
    });
    const result = await writers.accounts.upsertMany(actor, good, trx);
    return { refused, createdAccounts: result.created };
  },
};

/** Numeric when every non-blank value of the column is a plain number; categorical otherwise. */
export function attributeTyper() {
  const numeric = new Map<string, boolean>();
  return {
    see(attributes: [string, string][]) {
      for (const [key, cell] of attributes) {
        if (cell === '') continue;
        if (numeric.get(key) !== false) numeric.set(key, isNumeric(cell));
      }
    },
    /** The guess per column; `overrides` (column → type) win for the columns the file has. */
    types(overrides: Record<string, 'numeric' | 'categorical'> = {}): Map<string, 'numeric' | 'categorical'> {
      return new Map([...numeric].map(([k, v]) => [k, overrides[k] ?? (v ? 'numeric' : 'categorical')]));
    },
  };
}
