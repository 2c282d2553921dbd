import { App, Button, Card, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { CTA_PRIORITIES, RULE_OWNERS } from '@shared/ctas';
import { errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useCan } from '../../auth/hooks/useMe';
import { type Rule, usePlaybooks, useRules, useRunRules, useSaveRule } from '../hooks/useCtas';
import { named, TYPE_COLOURS } from '../text';
import { MilestoneTemplatesCard } from '../../onboarding/components/MilestoneTemplatesCard';
import { PlaybooksCard } from '../components/PlaybooksCard';

/** Settings → Rules: switch the shipped rules on and off, tune their numbers, owners, due days and auto-close. */
export function RulesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const rules = useRules();
  const playbooks = usePlaybooks();
  const save = useSaveRule();
  const runNow = useRunRules();
  const isAdmin = useCan('admin');
  const canRun = useCan('manage');
  const priorities = useEnumOptions('ctas.priority', CTA_PRIORITIES);
  const owners = RULE_OWNERS.map((o) => ({
    value: o,
    label: o === 'account_owner' ? t('ctas.accountOwner') : t(`roles.${o}`),
  }));
  const patch = async (rule: Rule, p: Parameters<typeof save.mutateAsync>[0]['patch']) => {
    try {
      await save.mutateAsync({ id: rule.id, patch: p });
      message.success(t('ctas.ruleSaved'));
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <>
      <PageHeader
        title={t('nav.rules')}
        subtitle={t('ctas.rulesSubtitle')}
        extra={
          canRun ? (
            <Button
              loading={runNow.isPending}
              data-testid="rules-run"
              onClick={async () => {
                try {
                  const r = await runNow.mutateAsync();
                  message.success(t('ctas.ranRules', { opened: r.opened, closed: r.closed }));
                } catch (e) {
                  message.error(errorMessage(e));
                }
              }}
            >
              {t('ctas.runNow')}
            </Button>
          ) : null
        }
      />
      <Card styles={{ body: { padding: rules.isError ? 24 : 0 } }}>
        {rules.isError ? (
          <QueryError error={rules.error} onRetry={() => void rules.refetch()} compact />
        ) : (
          <Table<Rule>
            rowKey="id"
            size="small"
            loading={rules.isPending}
            dataSource={rules.data?.items}
            pagination={false}
            scroll={{ x: 1100 }}
            data-testid="rules-table"
            columns={[
              {
                title: t('ctas.ruleLabel'),
                key: 'name',
                width: 240,
                render: (_, r) => (
                  <div>
                    <Typography.Text strong>{named(t, 'rule', r.key, r.name)}</Typography.Text>
                    <br />
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {t(`ctas.trigger.${r.trigger}`, { defaultValue: r.trigger })}
                    </Typography.Text>
                  </div>
                ),
              },
              {
                title: t('ctas.typeLabel'),
                dataIndex: 'ctaType',
                width: 100,
                render: (v: string) => <Tag color={TYPE_COLOURS[v]}>{t(`ctas.type.${v}`)}</Tag>,
              },
              {
                title: t('ctas.params'),
                key: 'params',
                width: 220,
                render: (_, r) => (
                  <Space wrap>
                    {Object.entries(r.params).map(([k, v]) => (
                      <Space.Compact key={k} size="small">
                        <Button size="small" disabled>
                          {t(`ctas.param.${k}`, { defaultValue: k })}
                        </Button>
                        <InputNumber
                          size="small"
                          style={{ width: 70 }}
                          defaultValue={Number(v)}
                          disabled={!isAdmin}
                          min={0}
                          onBlur={(e) => {
                            const n = Number(e.target.value);
                            if (n !== Number(v)) void patch(r, { params: { ...r.params, [k]: n } });
                          }}
                        />
                      </Space.Compact>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('ctas.priorityLabel'),
                key: 'priority',
                width: 110,
                render: (_, r) => (
                  <Select
                    size="small"
                    style={{ width: 100 }}
                    value={r.priority}
                    options={priorities}
                    disabled={!isAdmin}
                    onChange={(priority) => void patch(r, { priority })}
                  />
                ),
              },
              {
                title: t('ctas.owner'),
                key: 'owner',
                width: 140,
                render: (_, r) => (
                  <Select
                    size="small"
                    style={{ width: 130 }}
                    value={r.owner}
                    options={owners}
                    disabled={!isAdmin}
                    // The options are RULE_OWNERS; the value arrives typed as the row's plain string.
                    onChange={(owner) => void patch(r, { owner: owner as (typeof RULE_OWNERS)[number] })}
                  />
                ),
              },
              {
                title: t('ctas.dueDays'),
                key: 'due',
                width: 90,
                render: (_, r) => (
                  <InputNumber
                    size="small"
                    style={{ width: 70 }}
                    min={0}
                    max={365}
                    defaultValue={r.dueDays}
                    disabled={!isAdmin}
                    onBlur={(e) => {
                      const n = Number(e.target.value);
                      if (n !== r.dueDays) void patch(r, { dueDays: n });
                    }}
                  />
                ),
              },
              {
                title: t('ctas.playbookLabel'),
                key: 'playbook',
                width: 200,
                render: (_, r) => (
                  <Select
                    size="small"
                    style={{ minWidth: 190 }}
                    allowClear
                    value={r.playbookId ?? undefined}
                    disabled={!isAdmin}
                    onChange={(playbookId?: string) => void patch(r, { playbookId: playbookId ?? null })}
                    options={(playbooks.data ?? []).map((p) => ({
                      value: p.id,
                      label: named(t, 'playbook', p.key, p.name),
                    }))}
                  />
                ),
              },
              {
                title: t('ctas.autoClose'),
                key: 'autoClose',
                width: 90,
                render: (_, r) => (
                  <Switch
                    size="small"
                    checked={r.autoClose}
                    disabled={!isAdmin}
                    onChange={(autoClose) => void patch(r, { autoClose })}
                  />
                ),
              },
              {
                title: t('ctas.enabled'),
                key: 'enabled',
                width: 80,
                render: (_, r) => (
                  <Switch
                    size="small"
                    checked={r.enabled}
                    disabled={!isAdmin}
                    data-testid={`rule-enabled-${r.key}`}
                    onChange={(enabled) => void patch(r, { enabled })}
                  />
                ),
              },
              { title: t('ctas.openNow'), dataIndex: 'openCount', width: 80, align: 'right' },
            ]}
          />
        )}
      </Card>
      <PlaybooksCard />
      <MilestoneTemplatesCard />
    </>
  );
}
