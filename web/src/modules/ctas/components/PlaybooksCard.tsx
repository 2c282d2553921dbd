import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Modal, Select, Space, Table, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ROLES } from '@shared/roles';
import { ctasApi, PLAYBOOK_EMAIL_TEMPLATES, type PlaybookInput } from '@shared/ctas';
import { call } from '../../../api/client';
import { errorMessage } from '../../../api/forms';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { usePlaybooks } from '../hooks/useCtas';
import { named } from '../text';

type Playbook = NonNullable<ReturnType<typeof usePlaybooks>['data']>[number];

/** Settings → Rules: the playbooks rules attach, each a list of tasks with due offsets and owner roles (admins edit). */
export function PlaybooksCard() {
  const { t } = useTranslation();
  const playbooks = usePlaybooks();
  const isAdmin = useCan('admin');
  const [editing, setEditing] = useState<Playbook>();
  return (
    <Card
      title={t('ctas.playbooks')}
      style={{ marginTop: 16 }}
      styles={{ body: { padding: playbooks.isError ? 24 : 0 } }}
    >
      {playbooks.isError ? (
        <QueryError error={playbooks.error} onRetry={() => void playbooks.refetch()} compact />
      ) : (
        <Table<Playbook>
          rowKey="id"
          size="small"
          loading={playbooks.isPending}
          dataSource={playbooks.data}
          pagination={false}
          data-testid="playbooks-table"
          columns={[
            {
              title: t('ctas.playbookLabel'),
              key: 'name',
              width: 240,
              render: (_, p) => <Typography.Text strong>{named(t, 'playbook', p.key, p.name)}</Typography.Text>,
            },
            {
              title: t('ctas.tasks'),
              key: 'tasks',
              render: (_, p) => (
                <ol style={{ margin: 0, paddingLeft: 18 }}>
                  {p.tasks.map((task) => (
                    <li key={task.id}>
                      {named(t, 'task', task.key, task.title)}{' '}
                      <Typography.Text type="secondary">
                        · {t('ctas.dayOffset', { days: task.dueDays })}
                        {task.emailTemplate
                          ? ` · ${t('ctas.hasEmail')}: ${t(`ctas.emailTemplates.${task.emailTemplate}`, { defaultValue: task.emailTemplate })}`
                          : ''}
                      </Typography.Text>
                    </li>
                  ))}
                </ol>
              ),
            },
            ...(isAdmin
              ? [
                  {
                    title: '',
                    key: 'edit',
                    width: 90,
                    render: (_: unknown, p: Playbook) => (
                      <Button size="small" data-testid={`playbook-edit-${p.key ?? p.id}`} onClick={() => setEditing(p)}>
                        {t('common.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      {editing ? <PlaybookModal playbook={editing} onClose={() => setEditing(undefined)} /> : null}
    </Card>
  );
}

function PlaybookModal({ playbook, onClose }: { playbook: Playbook; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const client = useQueryClient();
  const [form] = Form.useForm<PlaybookInput>();
  const save = useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: PlaybookInput) => call(ctasApi.updatePlaybook, { params: { id: playbook.id }, body: input }),
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ['playbooks'] });
      message.success(t('ctas.playbookSaved'));
      onClose();
    },
    onError: (e) => message.error(errorMessage(e)),
  });
  const roles = ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) }));
  // The shipped templates, and any other name a task already carries (set through the API).
  const templateKeys = [
    ...new Set<string>([
      ...PLAYBOOK_EMAIL_TEMPLATES,
      ...playbook.tasks.flatMap((task) => (task.emailTemplate ? [task.emailTemplate] : [])),
    ]),
  ];
  const templates = templateKeys.map((key) => ({
    value: key,
    label: t(`ctas.emailTemplates.${key}`, { defaultValue: key }),
  }));
  return (
    <Modal
      open
      title={t('ctas.editPlaybook')}
      width={880}
      onCancel={onClose}
      okText={t('common.save')}
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form<PlaybookInput>
        form={form}
        layout="vertical"
        onFinish={(values) => save.mutate(values)}
        initialValues={{
          // The stored texts: a shipped name or task left as it is keeps its catalog key, so it stays translated.
          name: playbook.name,
          description: playbook.description,
          tasks: playbook.tasks.map((task) => ({
            id: task.id,
            title: task.title,
            dueDays: task.dueDays,
            ownerRole: task.ownerRole ?? undefined,
            emailTemplate: task.emailTemplate ?? undefined,
          })),
        }}
      >
        <Form.Item
          name="name"
          label={t('ctas.playbookLabel')}
          rules={[{ required: true, whitespace: true, message: t('ctas.required') }]}
        >
          <Input maxLength={200} />
        </Form.Item>
        <Form.List
          name="tasks"
          rules={[
            {
              validator: async (_, tasks) => {
                if (!tasks?.length) throw new Error(t('ctas.needsTask'));
              },
            },
          ]}
        >
          {(fields, { add, remove }, { errors }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }} data-testid="playbook-task-row">
                  <Form.Item name={[field.name, 'id']} hidden>
                    <Input />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'title']}
                    rules={[{ required: true, whitespace: true, message: t('ctas.required') }]}
                    style={{ width: 340 }}
                  >
                    <Input placeholder={t('ctas.taskTitle')} maxLength={300} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'dueDays']} rules={[{ required: true, message: t('ctas.required') }]}>
                    <InputNumber min={0} max={365} addonAfter={t('ctas.days')} style={{ width: 130 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'ownerRole']}>
                    <Select allowClear placeholder={t('ctas.ownerRole')} options={roles} style={{ width: 150 }} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'emailTemplate']}>
                    <Select
                      allowClear
                      placeholder={t('ctas.emailTemplate')}
                      options={templates}
                      style={{ width: 160 }}
                      data-testid="playbook-task-email"
                    />
                  </Form.Item>
                  <MinusCircleOutlined aria-label={t('common.delete')} onClick={() => remove(field.name)} />
                </Space>
              ))}
              <Button
                type="dashed"
                icon={<PlusOutlined />}
                onClick={() => add({ title: '', dueDays: 7 })}
                data-testid="playbook-add-task"
              >
                {t('ctas.addTask')}
              </Button>
              <Form.ErrorList errors={errors} />
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}
