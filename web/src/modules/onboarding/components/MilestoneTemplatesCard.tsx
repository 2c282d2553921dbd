import type { InputOf } from '@shared/endpoint';
import { milestonesApi } from '@shared/milestones';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Card, Input, InputNumber, Switch, Table } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';
import { errorMessage } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { named } from '../../ctas/text';
import type { Template } from '../hooks/useOnboarding';

type TemplatePatch = InputOf<typeof milestonesApi.updateTemplate>['body'];

/** Settings → Rules: the success milestones' due offsets and usage-event rules (admins edit). */
export function MilestoneTemplatesCard() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const isAdmin = useCan('admin');
  const templates = useQuery({
    queryKey: ['milestone-templates'],
    queryFn: () => call(milestonesApi.templates),
    select: (d) => d.items,
  });
  const save = useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, patch }: { id: string; patch: TemplatePatch }) =>
      call(milestonesApi.updateTemplate, { params: { id }, body: patch }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['milestone-templates'] });
      void client.invalidateQueries({ queryKey: ['onboarding'] });
      message.success(t('onboarding.templateSaved'));
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const blurNumber = (tpl: Template, field: 'dueDays' | 'autoCount') => (e: React.FocusEvent<HTMLInputElement>) => {
    const n = e.target.value === '' ? null : Number(e.target.value);
    if (n !== tpl[field]) save.mutate({ id: tpl.id, patch: { [field]: n } });
  };
  return (
    <Card
      title={t('onboarding.milestones')}
      style={{ marginTop: 16 }}
      styles={{ body: { padding: templates.isError ? 24 : 0 } }}
    >
      {templates.isError ? (
        <QueryError error={templates.error} onRetry={() => void templates.refetch()} compact />
      ) : (
        <Table<Template>
          rowKey="id"
          size="small"
          pagination={false}
          loading={templates.isPending}
          dataSource={templates.data}
          columns={[
            { title: t('onboarding.milestone'), key: 'name', render: (_, m) => named(t, 'milestone', m.key, m.name) },
            {
              title: t('onboarding.dueDays'),
              key: 'due',
              width: 160,
              render: (_, m) => (
                <InputNumber
                  size="small"
                  min={0}
                  defaultValue={m.dueDays}
                  disabled={!isAdmin}
                  onBlur={blurNumber(m, 'dueDays')}
                />
              ),
            },
            {
              title: t('onboarding.autoEvent'),
              key: 'event',
              width: 220,
              render: (_, m) => (
                <Input
                  size="small"
                  defaultValue={m.autoEvent ?? ''}
                  placeholder={t('onboarding.autoEventPlaceholder')}
                  disabled={!isAdmin}
                  onBlur={(e) => {
                    const v = e.target.value.trim() || null;
                    if (v !== m.autoEvent)
                      save.mutate({ id: m.id, patch: { autoEvent: v, autoCount: v ? (m.autoCount ?? 1) : null } });
                  }}
                />
              ),
            },
            {
              title: t('onboarding.autoCount'),
              key: 'count',
              width: 120,
              render: (_, m) => (
                <InputNumber
                  size="small"
                  min={1}
                  defaultValue={m.autoCount ?? undefined}
                  disabled={!isAdmin || !m.autoEvent}
                  onBlur={blurNumber(m, 'autoCount')}
                />
              ),
            },
            {
              title: t('ctas.enabled'),
              key: 'active',
              width: 80,
              render: (_, m) => (
                <Switch
                  size="small"
                  checked={m.active}
                  disabled={!isAdmin}
                  onChange={(active) => save.mutate({ id: m.id, patch: { active } })}
                />
              ),
            },
          ]}
        />
      )}
    </Card>
  );
}
