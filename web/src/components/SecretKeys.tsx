import { PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Empty,
  Form,
  Input,
  Modal,
  Popconfirm,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../api/forms';
import { formatDateTime, fromNow } from '../lib/format';
import { SecretOnceModal } from './SecretOnceModal';

/** A key the server keeps only the hash and the first characters of: an API token, a write key, a SCIM token. */
export interface SecretKeyRow {
  id: string;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at?: string | null;
  revoked_at?: string | null;
}

/** The parts of a page of secret keys that each kind of key words its own way. */
const TEXT_PARTS = [
  'create',
  'name',
  'nameRequired',
  'nameHelp',
  'prefix',
  'created',
  'lastUsed',
  'revoked',
  'revoke',
  'revokeConfirm',
  'revokeHelp',
  'empty',
  'createdTitle',
  'showOnce',
] as const;

/** The catalog key of each part: each page keeps its own wording, in both languages. */
export type SecretKeyText = Record<(typeof TEXT_PARTS)[number], string>;

/** The wording of a kind of key under one catalog prefix: `tokens.create`, `tokens.name` … */
export const secretKeyText = (prefix: string) =>
  Object.fromEntries(TEXT_PARTS.map((part) => [part, `${prefix}.${part}`])) as SecretKeyText;

interface Options<V> {
  text: SecretKeyText;
  /** The stem of the test ids: `${testId}-create`, `${testId}-name`, `${testId}-secret`. */
  testId: string;
  /** Creates a key; resolves with its name and its secret, which is shown once. */
  create: (values: V) => Promise<{ name: string; secret: string }>;
  /** While the key is being created (the page's mutation). */
  saving: boolean;
  revoke: (id: string) => Promise<unknown>;
  /** Under the secret: how to use it. */
  secretNote?: string;
}

/**
 * What every page of secret keys has: the create button, the table (name, first characters, created, last
 * used, status, revoke) and the two dialogs (name the key; its secret, shown once). The page places them and
 * adds what is its own: a token's role, a SCIM token's rotation (`showSecret` shows the new one).
 */
export function useSecretKeys<V extends { name: string }>({
  text,
  testId,
  create,
  saving,
  revoke,
  secretNote,
}: Options<V>) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [creating, setCreating] = useState(false);
  const [secret, setSecret] = useState<{ name: string; secret: string } | null>(null);
  const [form] = Form.useForm<V>();

  const submit = (values: V) =>
    create(values).then(
      (created) => {
        setCreating(false);
        setSecret(created);
      },
      (error: unknown) => {
        const rest = applyServerErrors(form, error);
        if (rest) message.error(rest);
      },
    );

  const createButton = (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)} data-testid={`${testId}-create`}>
      {t(text.create)}
    </Button>
  );

  function table<T extends SecretKeyRow>(props: {
    rows: T[] | undefined;
    loading: boolean;
    /** Shown after the first characters (a token's role). */
    columns?: TableColumnsType<T>;
    /** Offered before Revoke on a live key (a SCIM token's rotation). */
    actions?: (row: T) => ReactNode;
  }) {
    const columns: TableColumnsType<T> = [
      { title: t(text.name), dataIndex: 'name', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
      {
        title: t(text.prefix),
        dataIndex: 'prefix',
        width: 170,
        render: (p: string) => <Typography.Text code>{p}…</Typography.Text>,
      },
      ...(props.columns ?? []),
      { title: t(text.created), dataIndex: 'created_at', width: 170, render: formatDateTime },
      {
        title: t(text.lastUsed),
        dataIndex: 'last_used_at',
        width: 140,
        render: (v?: string | null) => (v ? fromNow(v) : t('users.never')),
      },
      {
        title: t('users.status'),
        key: 'status',
        width: 110,
        render: (_, k) => (k.revoked_at ? <Tag>{t(text.revoked)}</Tag> : <Tag color="green">{t('users.active')}</Tag>),
      },
      {
        key: 'actions',
        render: (_, k) =>
          k.revoked_at ? null : (
            <Space size={0}>
              {props.actions?.(k)}
              <Popconfirm
                title={t(text.revokeConfirm, { name: k.name })}
                description={t(text.revokeHelp)}
                okText={t(text.revoke)}
                okButtonProps={{ danger: true }}
                cancelText={t('common.cancel')}
                onConfirm={() => revoke(k.id).catch((error: unknown) => message.error(errorMessage(error)))}
              >
                <Button type="link" danger size="small" icon={<StopOutlined />}>
                  {t(text.revoke)}
                </Button>
              </Popconfirm>
            </Space>
          ),
      },
    ];
    return (
      <Table<T>
        rowKey="id"
        loading={props.loading}
        dataSource={props.rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <Empty description={t(text.empty)}>{createButton}</Empty> }}
        columns={columns}
      />
    );
  }

  /** The create dialog (the name, then the page's own `fields`) and the secret shown once. */
  function dialogs(fields?: ReactNode, initialValues?: Partial<V>) {
    return (
      <>
        <Modal
          open={creating}
          title={t(text.create)}
          okText={t('common.create')}
          cancelText={t('common.cancel')}
          onOk={() => form.submit()}
          onCancel={() => setCreating(false)}
          confirmLoading={saving}
          destroyOnHidden
        >
          <Form form={form} layout="vertical" onFinish={submit} initialValues={initialValues} preserve={false}>
            <Form.Item
              name="name"
              label={t(text.name)}
              rules={[{ required: true, whitespace: true, message: t(text.nameRequired) }]}
              extra={t(text.nameHelp)}
            >
              <Input maxLength={200} data-testid={`${testId}-name`} />
            </Form.Item>
            {fields}
          </Form>
        </Modal>
        <SecretOnceModal
          secret={secret?.secret ?? null}
          title={t(text.createdTitle, { name: secret?.name ?? '' })}
          warning={t(text.showOnce)}
          note={secretNote}
          testId={`${testId}-secret`}
          onClose={() => setSecret(null)}
        />
      </>
    );
  }

  return { createButton, table, dialogs, showSecret: setSecret };
}
