import { DeleteOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import type { ProductModule } from '@shared/usage';
import {
  App,
  Button,
  Card,
  Col,
  Empty,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, formatNumber, fromNow } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import {
  type Catalogue,
  useCatalogue,
  useEventsConfig,
  useSaveKeyBehaviour,
  useSaveModules,
  useSaveRetention,
  useSetEventModule,
} from '../hooks/useUsage';

/** Events: every event name seen, mapped to product modules; the key behaviour; how long raw events stay. */
export function EventsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const catalogue = useCatalogue();
  const config = useEventsConfig();
  const setModule = useSetEventModule();
  const canManage = useCan('manage');
  const isAdmin = useCan('admin');
  const modules = config.data?.modules ?? [];
  const moduleOf = useMemo(() => new Map(modules.map((m) => [m.key, m])), [modules]);
  const keyEvent = config.data?.keyBehaviour?.event;

  const columns = [
    {
      title: t('events.event'),
      dataIndex: 'event',
      render: (event: string) => (
        <Space size={6}>
          <Typography.Text code>{event}</Typography.Text>
          {event === keyEvent ? <StarFilled style={{ color: '#faad14' }} title={t('events.keyBehaviour')} /> : null}
        </Space>
      ),
    },
    {
      title: t('events.module'),
      dataIndex: 'module',
      width: 220,
      render: (module: string | null, row: Catalogue) =>
        canManage ? (
          <Select
            size="small"
            style={{ width: '100%' }}
            allowClear
            placeholder={t('events.noModule')}
            value={module ?? undefined}
            options={modules.map((m) => ({ value: m.key, label: m.name }))}
            notFoundContent={t('events.defineModulesFirst')}
            onChange={(value?: string) =>
              setModule.mutate(
                { event: row.event, module: value ?? null },
                { onError: (error) => message.error(errorMessage(error)) },
              )
            }
            aria-label={t('events.moduleFor', { event: row.event })}
          />
        ) : module ? (
          (moduleOf.get(module)?.name ?? module)
        ) : (
          <Typography.Text type="secondary">{t('events.noModule')}</Typography.Text>
        ),
    },
    {
      title: t('events.core'),
      key: 'core',
      width: 80,
      render: (_: unknown, row: Catalogue) =>
        row.module && moduleOf.get(row.module)?.core ? <Tag color="green">{t('events.core')}</Tag> : null,
    },
    {
      title: t('events.volume30d'),
      dataIndex: 'volume30d',
      align: 'right' as const,
      width: 130,
      render: formatNumber,
      sorter: (a: Catalogue, b: Catalogue) => a.volume30d - b.volume30d,
    },
    {
      title: t('events.accounts30d'),
      dataIndex: 'accounts30d',
      align: 'right' as const,
      width: 120,
      render: formatNumber,
      sorter: (a: Catalogue, b: Catalogue) => a.accounts30d - b.accounts30d,
    },
    {
      title: t('events.volumeTotal'),
      dataIndex: 'volumeTotal',
      align: 'right' as const,
      width: 120,
      render: formatNumber,
    },
    {
      title: t('events.lastSeen'),
      dataIndex: 'lastSeenAt',
      width: 140,
      render: (v: string | null) => (v ? <span title={formatDateTime(v)}>{fromNow(v)}</span> : null),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('nav.events')}
        subtitle={t('events.subtitle')}
        extra={isAdmin ? <Link to="/settings/keys">{t('events.sendEvents')}</Link> : null}
      />
      <Row gutter={16}>
        <Col xs={24} xxl={16}>
          <Card title={t('events.catalogue')} styles={{ body: { padding: 0 } }} style={{ marginBottom: 16 }}>
            {catalogue.isError ? (
              <QueryError error={catalogue.error} onRetry={() => void catalogue.refetch()} compact />
            ) : (
              <Table<Catalogue>
                rowKey="event"
                size="middle"
                loading={catalogue.isPending}
                dataSource={catalogue.data}
                pagination={{ pageSize: 50, hideOnSinglePage: true }}
                scroll={{ x: 900 }}
                locale={{ emptyText: <Empty description={t('events.empty')} /> }}
                columns={columns}
                data-testid="event-catalogue"
              />
            )}
          </Card>
        </Col>
        <Col xs={24} xxl={8}>
          {config.isError ? <QueryError error={config.error} onRetry={() => void config.refetch()} compact /> : null}
          {config.data ? (
            <>
              <ModulesCard modules={modules} editable={canManage} />
              <KeyBehaviourCard events={(catalogue.data ?? []).map((c) => c.event)} editable={canManage} />
              <RetentionCard days={config.data.retentionDays} editable={isAdmin} />
            </>
          ) : null}
        </Col>
      </Row>
    </>
  );
}

function ModulesCard({ modules, editable }: { modules: ProductModule[]; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveModules();
  const [form] = Form.useForm<{ modules: ProductModule[] }>();
  useEffect(() => form.setFieldsValue({ modules }), [form, modules]);

  const submit = ({ modules: list }: { modules: ProductModule[] }) =>
    save.mutate(
      { modules: (list ?? []).map((m) => ({ ...m, key: m.key.trim().toLowerCase(), core: Boolean(m.core) })) },
      {
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  return (
    <Card
      title={t('events.modules')}
      style={{ marginBottom: 16 }}
      extra={<Typography.Text type="secondary">{t('events.modulesHelp')}</Typography.Text>}
    >
      <Form form={form} onFinish={submit} initialValues={{ modules }} disabled={!editable}>
        <Form.List name="modules">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <Space key={field.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item
                    name={[field.name, 'key']}
                    rules={[
                      { required: true, pattern: /^[a-z0-9][a-z0-9_-]{0,39}$/, message: t('events.moduleKeyRule') },
                    ]}
                  >
                    <Input
                      placeholder={t('events.moduleKey')}
                      style={{ width: 120 }}
                      aria-label={t('events.moduleKey')}
                    />
                  </Form.Item>
                  <Form.Item
                    name={[field.name, 'name']}
                    rules={[{ required: true, whitespace: true, message: t('events.moduleNameRequired') }]}
                  >
                    <Input placeholder={t('events.moduleName')} aria-label={t('events.moduleName')} />
                  </Form.Item>
                  <Form.Item name={[field.name, 'core']} valuePropName="checked">
                    <Switch checkedChildren={t('events.core')} unCheckedChildren={t('events.notCore')} />
                  </Form.Item>
                  {editable ? (
                    <Button
                      type="text"
                      icon={<DeleteOutlined />}
                      onClick={() => remove(field.name)}
                      aria-label={t('common.delete')}
                    />
                  ) : null}
                </Space>
              ))}
              {editable ? (
                <Space>
                  <Button icon={<PlusOutlined />} onClick={() => add({ key: '', name: '', core: false })}>
                    {t('events.addModule')}
                  </Button>
                  <Button type="primary" htmlType="submit" loading={save.isPending}>
                    {t('common.save')}
                  </Button>
                </Space>
              ) : fields.length ? null : (
                <Typography.Text type="secondary">{t('events.noModules')}</Typography.Text>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Card>
  );
}

function KeyBehaviourCard({ events, editable }: { events: string[]; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const config = useEventsConfig();
  const save = useSaveKeyBehaviour();
  const [form] = Form.useForm<{ event?: string; perWeek?: number }>();
  const current = config.data?.keyBehaviour;
  useEffect(() => form.setFieldsValue({ event: current?.event, perWeek: current?.perWeek ?? 3 }), [form, current]);

  const submit = (values: { event?: string; perWeek?: number }) =>
    save.mutate(
      { keyBehaviour: values.event ? { event: values.event, perWeek: values.perWeek ?? 1 } : null },
      { onError: (error) => message.error(errorMessage(error)) },
    );

  return (
    <Card title={t('events.keyBehaviour')} style={{ marginBottom: 16 }}>
      <Typography.Paragraph type="secondary">{t('events.keyBehaviourHelp')}</Typography.Paragraph>
      <Form form={form} layout="inline" onFinish={submit} disabled={!editable}>
        <Form.Item name="event" style={{ minWidth: 200, marginBottom: 8 }}>
          <Select
            allowClear
            showSearch
            placeholder={t('events.pickEvent')}
            options={events.map((e) => ({ value: e, label: e }))}
            aria-label={t('events.event')}
          />
        </Form.Item>
        <Form.Item name="perWeek" label={t('events.perWeek')} style={{ marginBottom: 8 }}>
          <InputNumber min={1} max={100} precision={0} style={{ width: 80 }} />
        </Form.Item>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}

function RetentionCard({ days, editable }: { days: number; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveRetention();
  const [form] = Form.useForm<{ retentionDays: number }>();
  useEffect(() => form.setFieldsValue({ retentionDays: days }), [form, days]);

  return (
    <Card title={t('events.retention')}>
      <Typography.Paragraph type="secondary">{t('events.retentionHelp')}</Typography.Paragraph>
      <Form
        form={form}
        layout="inline"
        disabled={!editable}
        onFinish={(values) =>
          save.mutate(values, {
            onError: (error) => {
              const rest = applyServerErrors(form, error);
              if (rest) message.error(rest);
            },
          })
        }
      >
        <Form.Item name="retentionDays" label={t('events.retentionDays')} rules={[{ required: true }]}>
          <InputNumber min={7} max={3650} precision={0} style={{ width: 100 }} />
        </Form.Item>
        {editable ? (
          <Button type="primary" htmlType="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        ) : null}
      </Form>
    </Card>
  );
}
