import { EditOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Form } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyServerErrors } from '../../../api/forms';
import type { Account } from '@shared/accounts';
import { StageTag, TierTag } from '../../../components/EnumTags';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import {
  AccountFormFields,
  type AccountFormValues,
  accountToForm,
  changedFields,
  formToInput,
} from '../../accounts/components/AccountFormFields';
import { useUpdateAccount } from '../hooks/useAccount';

/** The account's standard fields, read as a description list or edited in place. */
export function DetailsCard({ account }: { account: Account }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const [editing, setEditing] = useState(false);
  const [form] = Form.useForm<AccountFormValues>();
  const update = useUpdateAccount(account.id);

  const save = (values: AccountFormValues) => {
    const patch = changedFields(account, formToInput(values, { clearAsNull: true }));
    if (!Object.keys(patch).length) return setEditing(false);
    update.mutate(patch, {
      onSuccess: () => setEditing(false),
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) message.error(rest);
      },
    });
  };

  const none = <span style={{ color: '#bfbfbf' }}>—</span>;
  const show = (v: React.ReactNode) => (v === null || v === undefined || v === '' ? none : v);

  return (
    <Card
      title={t('account360.details')}
      style={{ marginBottom: 16 }}
      extra={
        canWrite && !editing ? (
          <Button type="link" icon={<EditOutlined />} onClick={() => setEditing(true)} data-testid="details-edit">
            {t('common.edit')}
          </Button>
        ) : null
      }
    >
      {editing ? (
        <Form
          form={form}
          name="account"
          layout="vertical"
          initialValues={accountToForm(account)}
          onFinish={save}
          disabled={update.isPending}
        >
          <AccountFormFields full accountId={account.id} />
          <Flex gap={8} justify="flex-end">
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={update.isPending} data-testid="details-save">
              {t('common.save')}
            </Button>
          </Flex>
        </Form>
      ) : (
        <Descriptions column={1} size="small" styles={{ label: { width: 130 } }}>
          <Descriptions.Item label={t('fields.external_id')}>{show(account.externalId)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.domain')}>{show(account.domain)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.industry')}>{show(account.industry)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.employees')}>{show(formatNumber(account.employees))}</Descriptions.Item>
          <Descriptions.Item label={t('fields.region')}>{show(account.region)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.tier')}>
            {account.tier ? <TierTag tier={account.tier} /> : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.lifecycle_stage')}>
            {account.lifecycleStage ? <StageTag stage={account.lifecycleStage} /> : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.owner_id')}>{show(account.ownerName)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.sales_owner_id')}>{show(account.salesOwnerName)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.parent_id')}>
            {account.parentId ? <Link to={`/accounts/${account.parentId}`}>{account.parentName}</Link> : none}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.first_paid_on')}>
            {show(formatDate(account.firstPaidOn))}
          </Descriptions.Item>
          <Descriptions.Item label={t('fields.churned_on')}>{show(formatDate(account.churnedOn))}</Descriptions.Item>
          <Descriptions.Item label={t('fields.created_at')}>{formatDateTime(account.createdAt)}</Descriptions.Item>
          <Descriptions.Item label={t('fields.updated_at')}>{formatDateTime(account.updatedAt)}</Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
