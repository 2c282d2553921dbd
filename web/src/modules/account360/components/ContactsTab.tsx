import { DeleteOutlined, EditOutlined, MailOutlined, PlusOutlined, StarFilled } from '@ant-design/icons';
import { App, Button, Empty, Flex, Popconfirm, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import type { Contact } from '@shared/contacts';
import { ContactRoleTag } from '../../../components/EnumTags';
import { QueryError } from '../../../components/QueryError';
import { fromNow } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { ChatGroupButton } from '../../messaging/components/ChatGroupButton';
import { useContacts, useDeleteContact } from '../hooks/useAccount';
import { ContactModal } from './ContactModal';

/** The people at the customer and where each sits in the decision chain. */
export function ContactsTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const contacts = useContacts(accountId);
  const remove = useDeleteContact(accountId);
  const [editing, setEditing] = useState<Contact | 'new' | null>(null);

  if (contacts.isError) return <QueryError error={contacts.error} onRetry={() => void contacts.refetch()} compact />;

  return (
    <>
      <Flex justify="flex-end" gap={8} style={{ marginBottom: 12 }}>
        <ChatGroupButton accountId={accountId} canWrite={canWrite} />
        {canWrite ? (
          <Button icon={<PlusOutlined />} onClick={() => setEditing('new')} data-testid="contact-add">
            {t('contacts.add')}
          </Button>
        ) : null}
      </Flex>
      <Table<Contact>
        rowKey="id"
        size="middle"
        loading={contacts.isPending}
        dataSource={contacts.data}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{
          emptyText: (
            <Empty description={t('contacts.empty')}>
              {canWrite ? (
                <Button type="primary" onClick={() => setEditing('new')}>
                  {t('contacts.add')}
                </Button>
              ) : null}
            </Empty>
          ),
        }}
        columns={[
          {
            title: t('contacts.name'),
            dataIndex: 'name',
            width: 200,
            render: (_, c) => (
              <div>
                <Space size={6}>
                  <Typography.Text strong>{c.name}</Typography.Text>
                  {c.isPrimary ? (
                    <Tooltip title={t('contacts.primary')}>
                      <StarFilled style={{ color: '#faad14' }} aria-label={t('contacts.primary')} />
                    </Tooltip>
                  ) : null}
                </Space>
                {c.title ? (
                  <div>
                    <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                      {c.title}
                    </Typography.Text>
                  </div>
                ) : null}
              </div>
            ),
          },
          { title: t('contacts.role'), dataIndex: 'role', width: 130, render: (r) => <ContactRoleTag role={r} /> },
          {
            title: t('contacts.email'),
            dataIndex: 'email',
            width: 210,
            render: (email: string | null) =>
              email ? (
                <a href={`mailto:${email}`} style={{ whiteSpace: 'nowrap' }}>
                  <MailOutlined /> {email}
                </a>
              ) : null,
          },
          { title: t('contacts.phone'), dataIndex: 'phone', width: 130 },
          {
            title: t('contacts.lastSeen'),
            dataIndex: 'lastSeenAt',
            width: 120,
            render: (v: string | null) => (v ? fromNow(v) : '—'),
          },
          ...(canWrite
            ? [
                {
                  key: 'actions',
                  width: 90,
                  render: (_: unknown, c: Contact) => (
                    <Space size={0}>
                      <Button
                        type="text"
                        size="small"
                        icon={<EditOutlined />}
                        onClick={() => setEditing(c)}
                        aria-label={t('common.edit')}
                      />
                      <Popconfirm
                        title={t('contacts.removeConfirm', { name: c.name })}
                        okText={t('common.remove')}
                        cancelText={t('common.cancel')}
                        onConfirm={() =>
                          remove.mutateAsync(c.id).catch((error: unknown) => message.error(errorMessage(error)))
                        }
                      >
                        <Button
                          type="text"
                          size="small"
                          danger
                          icon={<DeleteOutlined />}
                          aria-label={t('common.remove')}
                        />
                      </Popconfirm>
                    </Space>
                  ),
                },
              ]
            : []),
        ]}
      />
      {canWrite ? (
        <ContactModal
          accountId={accountId}
          contact={editing === 'new' ? undefined : (editing ?? undefined)}
          open={editing !== null}
          onClose={() => setEditing(null)}
        />
      ) : null}
    </>
  );
}
