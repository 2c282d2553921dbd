import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Popconfirm, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import type { Account } from '@shared/accounts';
import { attributeText } from '../../../lib/format';
import { useAttributeLabels } from '../../attributes/hooks/useAttributes';
import { useCan } from '../../auth/hooks/useMe';
import { useUpdateAccount } from '../hooks/useAccount';
import { type AttributeDraft, AttributeModal, typeOf } from './AttributeModal';

/** Custom attributes; the server merges the patch, and a null value removes a key. */
export function AttributesCard({ account }: { account: Account }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const update = useUpdateAccount(account.id);
  const { keyLabel, valueLabel } = useAttributeLabels();
  const [editing, setEditing] = useState<AttributeDraft | 'new' | null>(null);
  const rows = Object.entries(account.attributes).map(([key, value]) => ({ key, value }));

  const patch = (attributes: Record<string, unknown>, done?: () => void) =>
    update.mutate(
      { attributes },
      {
        onSuccess: () => done?.(),
        onError: (error) => message.error(errorMessage(error)),
      },
    );

  const save = (draft: AttributeDraft) => {
    const key = draft.key.trim();
    const value =
      draft.type === 'text'
        ? String(draft.value ?? '')
        : draft.type === 'boolean'
          ? Boolean(draft.value)
          : Number(draft.value);
    const previous = editing !== 'new' ? editing?.key : undefined;
    patch({ [key]: value, ...(previous && previous !== key ? { [previous]: null } : {}) }, () => setEditing(null));
  };

  return (
    <Card
      title={t('attributes.title')}
      extra={
        canWrite ? (
          <Button type="link" icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="attribute-add">
            {t('attributes.add')}
          </Button>
        ) : null
      }
    >
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        showHeader={rows.length > 0}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('attributes.empty')} /> }}
        columns={[
          {
            title: t('attributes.key'),
            dataIndex: 'key',
            width: '40%',
            // The admin-given name (Settings → Attributes), with the stored key beneath it when they differ.
            render: (k: string) =>
              keyLabel(k) === k ? (
                <Typography.Text strong>{k}</Typography.Text>
              ) : (
                <>
                  <Typography.Text strong>{keyLabel(k)}</Typography.Text>
                  <br />
                  <Typography.Text
                    type="secondary"
                    style={{ fontSize: 12 }}
                    title={t('attributes.labels.rawKey', { key: k })}
                  >
                    {k}
                  </Typography.Text>
                </>
              ),
          },
          {
            title: t('attributes.value'),
            dataIndex: 'value',
            render: (v: unknown, row: { key: string; value: unknown }) => {
              const text = valueLabel(row.key, v) ?? attributeText(v);
              // A date, a number or an amount stays on one line; longer text wraps.
              return <span className={/^\S{1,24}$/.test(text) ? 'tenure-num' : 'tenure-pre'}>{text}</span>;
            },
          },
          ...(canWrite
            ? [
                {
                  key: 'actions',
                  width: 80,
                  render: (_: unknown, row: { key: string; value: unknown }) => (
                    <Space size={0}>
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        aria-label={t('common.edit')}
                        onClick={() =>
                          setEditing({
                            key: row.key,
                            type: typeOf(row.value),
                            value: typeof row.value === 'object' ? attributeText(row.value) : (row.value as string),
                          })
                        }
                      />
                      <Popconfirm
                        title={t('attributes.deleteConfirm', { key: row.key })}
                        okText={t('common.delete')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => patch({ [row.key]: null })}
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.delete')}
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      <AttributeModal
        open={editing !== null}
        initial={editing === 'new' ? undefined : (editing ?? undefined)}
        existingKeys={rows.map((r) => r.key)}
        saving={update.isPending}
        onSave={save}
        onClose={() => setEditing(null)}
      />
    </Card>
  );
}
