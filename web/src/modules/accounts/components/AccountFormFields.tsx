import { LIFECYCLE_STAGES, TIERS } from '@shared/accounts';
import { Col, DatePicker, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { Account } from '@shared/accounts';
import { useAccountOwnerOptions } from '../../../hooks/useAccountOwnerOptions';
import { useEnumOptions, useOwnerOptions } from '../../../hooks/useOptions';
import { AccountSelect } from './AccountSelect';

/** The account form's values: dates as dayjs for the pickers. */
export interface AccountFormValues {
  name?: string;
  externalId?: string | null;
  domain?: string | null;
  industry?: string | null;
  employees?: number | null;
  region?: string | null;
  tier?: string | null;
  lifecycleStage?: string | null;
  ownerId?: string | null;
  salesOwnerId?: string | null;
  parentId?: string | null;
  firstPaidOn?: Dayjs | null;
  churnedOn?: Dayjs | null;
}

const TEXT = ['name', 'externalId', 'domain', 'industry', 'region'] as const;
const DATES = ['firstPaidOn', 'churnedOn'] as const;

export function accountToForm(a: Account): AccountFormValues {
  return {
    ...a,
    firstPaidOn: a.firstPaidOn ? dayjs(a.firstPaidOn) : null,
    churnedOn: a.churnedOn ? dayjs(a.churnedOn) : null,
  };
}

/**
 * Form values → API body (camelCase): blanks become null, dates ISO days. A cleared select is
 * undefined: left out when creating, sent as null when editing (`clearAsNull`).
 */
export function formToInput(values: AccountFormValues, { clearAsNull = false } = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value === undefined && !clearAsNull) continue;
    if ((TEXT as readonly string[]).includes(key))
      out[key] = typeof value === 'string' && value.trim() ? value.trim() : null;
    else if ((DATES as readonly string[]).includes(key))
      out[key] = value ? (value as Dayjs).format('YYYY-MM-DD') : null;
    else out[key] = value ?? null;
  }
  return out;
}

/** Only what changed, for PATCH. */
export function changedFields(before: Account, input: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => (before as Record<string, unknown>)[k] !== v));
}

/** The account fields as form items; `full` adds the ones set after creation (sales owner, parent, dates). */
export function AccountFormFields({ full, accountId }: { full?: boolean; accountId?: string }) {
  const { t } = useTranslation();
  const tiers = useEnumOptions('tiers', TIERS);
  const stages = useEnumOptions('stages', LIFECYCLE_STAGES);
  const owners = useAccountOwnerOptions();
  const team = useOwnerOptions();
  // The owner (CSM) is one of the roles that own accounts; the sales owner may be anyone on the team.
  const ownerSelect = (
    <Select options={owners} allowClear showSearch optionFilterProp="label" placeholder={t('accounts.pickOwner')} />
  );
  const salesOwnerSelect = (
    <Select options={team} allowClear showSearch optionFilterProp="label" placeholder={t('accounts.pickOwner')} />
  );
  return (
    <Row gutter={16}>
      <Col span={24}>
        <Form.Item
          name="name"
          label={t('fields.name')}
          rules={[{ required: true, whitespace: true, message: t('accounts.nameRequired') }]}
        >
          <Input data-testid="account-name" maxLength={200} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="externalId" label={t('fields.external_id')} tooltip={t('accounts.externalIdHelp')}>
          <Input maxLength={200} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="domain" label={t('fields.domain')}>
          <Input placeholder="example.com" maxLength={200} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="industry" label={t('fields.industry')}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="region" label={t('fields.region')}>
          <Input maxLength={100} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="employees" label={t('fields.employees')}>
          <InputNumber min={0} precision={0} style={{ width: '100%' }} />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="tier" label={t('fields.tier')}>
          <Select options={tiers} allowClear />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="lifecycleStage" label={t('fields.lifecycle_stage')}>
          <Select options={stages} allowClear />
        </Form.Item>
      </Col>
      <Col span={12}>
        <Form.Item name="ownerId" label={t('fields.owner_id')}>
          {ownerSelect}
        </Form.Item>
      </Col>
      {full ? (
        <>
          <Col span={12}>
            <Form.Item name="salesOwnerId" label={t('fields.sales_owner_id')}>
              {salesOwnerSelect}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="parentId" label={t('fields.parent_id')}>
              <AccountSelect exclude={accountId} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="firstPaidOn" label={t('fields.first_paid_on')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="churnedOn" label={t('fields.churned_on')}>
              <DatePicker style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </>
      ) : null}
    </Row>
  );
}
