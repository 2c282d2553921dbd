import { HANDOFF_GROUPS, type HandoffField } from '@shared/handoff';
import { toMajorUnits, toMinorUnits } from '@shared/money';
import {
  Alert,
  App,
  Button,
  Col,
  Descriptions,
  Divider,
  Form,
  Input,
  InputNumber,
  Row,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, formatMoney } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { useOrganisation } from '../../auth/hooks/useOrganisation';
import { ValueNeedsCard } from '../../successplans/components/ValueNeedsCard';
import { FitCard } from '../../fit/components/FitCard';
import { type Handoff, useHandoff, useSaveHandoff, useSends } from '../hooks/useHandoff';

interface FormValues {
  answers: Record<string, string>;
  dealSize: number | null;
  salesCycleDays: number | null;
  implementationDays: number | null;
}

export const fieldLabel = (t: (k: string) => string, f: HandoffField) => f.label ?? t(`handoff.fields.${f.key}`);

/** The sales → CS handoff form on the account: checklist, CS involvement rule, handover, welcome status. */
export function HandoffTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const handoff = useHandoff(accountId);
  if (handoff.isPending) return <Skeleton active />;
  if (handoff.isError) return <QueryError compact error={handoff.error} onRetry={() => void handoff.refetch()} />;
  // Not keyed on the saved version: a refetch after a refused handover must keep the field errors.
  return <HandoffForm accountId={accountId} handoff={handoff.data} t={t} />;
}

function HandoffForm({
  accountId,
  handoff,
  t,
}: {
  accountId: string;
  handoff: Handoff;
  t: (k: string, o?: Record<string, unknown>) => string;
}) {
  const { message } = App.useApp();
  const canWrite = useCan('write');
  // Deal sizes are in the base currency.
  const base = useOrganisation().currency;
  const [form] = Form.useForm<FormValues>();
  const save = useSaveHandoff(accountId);
  const submit = (complete: boolean) => {
    const v = form.getFieldsValue(true) as FormValues;
    const input = {
      answers: Object.fromEntries(Object.entries(v.answers ?? {}).map(([k, value]) => [k, value ?? ''])),
      dealSizeMinor: v.dealSize === null || v.dealSize === undefined ? null : toMinorUnits(v.dealSize, base),
      salesCycleDays: v.salesCycleDays ?? null,
      implementationDays: v.implementationDays ?? null,
    };
    save.mutate(
      { input, complete },
      {
        onSuccess: () => void message.success(complete ? t('handoff.handedOverOk') : t('handoff.saved')),
        onError: (e) => {
          const rest = applyServerErrors(form, e);
          if (rest) void message.error(rest);
        },
      },
    );
  };
  const { involvement } = handoff;
  const criterion = (c: Handoff['involvement']['checks'][number]) => {
    const value =
      c.value === null
        ? '—'
        : c.criterion === 'dealSize'
          ? formatMoney(c.value, base, { narrow: true })
          : String(c.value);
    const threshold =
      c.criterion === 'dealSize' ? formatMoney(c.threshold, base, { narrow: true }) : String(c.threshold);
    return `${t(`handoff.criteria.${c.criterion}`)}: ${value} ${c.under === null ? '' : c.under ? '<' : '≥'} ${threshold}`;
  };

  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Tag color={handoff.status === 'handed_over' ? 'green' : 'blue'} data-testid="handoff-status">
          {t(`handoff.status.${handoff.status}`)}
        </Tag>
        {handoff.handedOverAt ? (
          <Typography.Text type="secondary">{formatDateTime(handoff.handedOverAt)}</Typography.Text>
        ) : null}
        {handoff.missing.length ? (
          <Typography.Text type="warning">{t('handoff.missing', { count: handoff.missing.length })}</Typography.Text>
        ) : null}
      </Space>
      <Alert
        type={involvement.rule === 'at_70_percent' ? 'warning' : 'info'}
        showIcon
        style={{ marginBottom: 16 }}
        message={involvement.rule ? t(`handoff.rule.${involvement.rule}`) : t('handoff.rule.unknown')}
        description={
          <>
            {involvement.checks.map((c) => (
              <div key={c.criterion}>{criterion(c)}</div>
            ))}
          </>
        }
        data-testid="involvement-rule"
      />
      <FitCard accountId={accountId} />
      <Form
        form={form}
        layout="vertical"
        disabled={!canWrite}
        initialValues={{
          answers: handoff.answers,
          dealSize: handoff.dealSizeMinor === null ? null : toMajorUnits(handoff.dealSizeMinor, base),
          salesCycleDays: handoff.salesCycleDays,
          implementationDays: handoff.implementationDays,
        }}
      >
        <Row gutter={16}>
          <Col xs={24} md={8}>
            <Form.Item name="dealSize" label={t('handoff.criteria.dealSize')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="salesCycleDays" label={t('handoff.criteria.salesCycle')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="implementationDays" label={t('handoff.criteria.implementation')}>
              <InputNumber min={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        {HANDOFF_GROUPS.map((group) => {
          const fields = handoff.fields.filter((f) => f.group === group);
          if (!fields.length) return null;
          return (
            <div key={group}>
              <Divider orientation="left" plain>
                {t(`handoff.groups.${group}`)}
              </Divider>
              {fields.map((f) => (
                <Form.Item key={f.key} name={['answers', f.key]} label={fieldLabel(t, f)} required={f.required}>
                  <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={5000} />
                </Form.Item>
              ))}
            </div>
          );
        })}
        {canWrite ? (
          <Space>
            <Button onClick={() => submit(false)} loading={save.isPending && !save.variables?.complete}>
              {t('common.save')}
            </Button>
            {handoff.status === 'draft' ? (
              <Button
                type="primary"
                onClick={() => submit(true)}
                loading={save.isPending && save.variables?.complete}
                data-testid="hand-over"
              >
                {t('handoff.handOver')}
              </Button>
            ) : null}
          </Space>
        ) : null}
      </Form>
      <Divider />
      <WelcomeStatus accountId={accountId} t={t} />
      <ValueNeedsCard accountId={accountId} />
    </>
  );
}

function WelcomeStatus({ accountId, t }: { accountId: string; t: (k: string, o?: Record<string, unknown>) => string }) {
  const sends = useSends(accountId);
  if (sends.isPending) return null;
  if (sends.isError) return <QueryError compact error={sends.error} />;
  const welcome = sends.data.items.find((s) => s.kind === 'welcome');
  return (
    <Descriptions size="small" column={1} title={t('welcome.title')}>
      <Descriptions.Item label={t('welcome.statusLabel')}>
        {welcome ? t(`welcome.status.${welcome.status}`, { email: welcome.email ?? '—' }) : t('welcome.status.none')}
        {welcome?.sentAt ? ` · ${formatDateTime(welcome.sentAt)}` : ''}
      </Descriptions.Item>
      {!sends.data.mailConfigured ? (
        <Descriptions.Item label={t('welcome.mail')}>
          <Typography.Text type="secondary">{t('welcome.noSmtp')}</Typography.Text>
        </Descriptions.Item>
      ) : null}
    </Descriptions>
  );
}
