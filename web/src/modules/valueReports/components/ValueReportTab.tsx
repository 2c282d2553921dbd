import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Descriptions,
  Flex,
  Modal,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useQueryClient } from '@tanstack/react-query';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { QueryError } from '../../../components/QueryError';
import { formatDateTime, formatList, formatMonth } from '../../../lib/format';
import { useCan } from '../../auth/hooks/useMe';
import { TemplateEditor } from '../../messaging/components/TemplateEditor';
import { useTemplates } from '../../messaging/hooks/useMessaging';
import {
  useSendValueReportTest,
  useSetValueReport,
  useValueReport,
  useValueReportPreview,
} from '../hooks/useValueReport';

const STATUS_COLOR = { sent: 'green', skipped: 'default', failed: 'red', claimed: 'blue' } as const;

/** Customer 360 → Value report: the monthly email to the customer — on/off, who gets it, preview, test, sends. */
export function ValueReportTab({ accountId }: { accountId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canWrite = useCan('write');
  const state = useValueReport(accountId);
  const setEnabled = useSetValueReport(accountId);
  const sendTest = useSendValueReportTest(accountId);
  const [month, setMonth] = useState<Dayjs>(() => dayjs().subtract(1, 'month').startOf('month'));
  const [previewing, setPreviewing] = useState(false);
  // The report's words are a built-in message template, which managers edit like any other.
  const canEditTemplate = useCan('manage');
  const [editingTemplate, setEditingTemplate] = useState(false);
  const templates = useTemplates();
  const queryClient = useQueryClient();
  const monthKey = month.format('YYYY-MM');
  const preview = useValueReportPreview(accountId, monthKey, previewing);

  if (state.isError) return <QueryError error={state.error} onRetry={() => void state.refetch()} compact />;
  if (state.isPending) return <Skeleton active paragraph={{ rows: 4 }} />;
  const data = state.data;
  const template = templates.data?.items.find((x) => x.id === data.templateId);

  return (
    <Card data-testid="value-report">
      <Typography.Paragraph type="secondary">{t('valueReports.help')}</Typography.Paragraph>
      {!data.mailConfigured && (
        <Alert type="warning" showIcon message={t('valueReports.noSmtp')} style={{ marginBottom: 12 }} />
      )}
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('valueReports.enabled')}>
          <Switch
            checked={data.enabled}
            disabled={!canWrite}
            loading={setEnabled.isPending}
            onChange={(enabled) => setEnabled.mutate(enabled)}
            data-testid="value-report-switch"
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('valueReports.recipient')}>
          {data.recipient ? (
            <div data-testid="value-report-recipients">
              <div>{`${data.recipient.name} <${data.recipient.email}> · ${t(`valueReports.locale.${data.recipient.locale}`)}`}</div>
              {data.copies.length > 0 ? (
                <Typography.Text type="secondary">
                  {t('valueReports.alsoTo', {
                    names: formatList(data.copies.map((c) => `${c.name} <${c.email}>`)),
                  })}
                </Typography.Text>
              ) : null}
            </div>
          ) : (
            <Typography.Text type="warning">{t('valueReports.noRecipient')}</Typography.Text>
          )}
        </Descriptions.Item>
      </Descriptions>
      <Flex gap={8} wrap align="center" style={{ marginBottom: 16 }}>
        <DatePicker
          picker="month"
          allowClear={false}
          value={month}
          onChange={(v) => v && setMonth(v)}
          disabledDate={(d) => d.isAfter(dayjs(), 'month')}
          data-testid="value-report-month"
        />
        <Button onClick={() => setPreviewing(true)} data-testid="value-report-preview">
          {t('valueReports.preview')}
        </Button>
        {canWrite && (
          <Button
            loading={sendTest.isPending}
            onClick={() =>
              sendTest.mutate(monthKey, {
                onSuccess: (r) =>
                  r.status === 'sent'
                    ? message.success(t('valueReports.testSent', { email: r.email }))
                    : message.warning(t('valueReports.noSmtp')),
              })
            }
            data-testid="value-report-test"
          >
            {t('valueReports.sendTest')}
          </Button>
        )}
        {canEditTemplate && (
          <Button type="link" onClick={() => setEditingTemplate(true)} data-testid="value-report-edit-template">
            {t('valueReports.editTemplate')}
          </Button>
        )}
      </Flex>
      <Typography.Title level={5}>{t('valueReports.sends')}</Typography.Title>
      <Table
        rowKey="month"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={data.sends}
        locale={{ emptyText: t('valueReports.noSends') }}
        columns={[
          { title: t('valueReports.month'), dataIndex: 'month', render: (m: string) => formatMonth(m, 'long') },
          {
            title: t('valueReports.status'),
            dataIndex: 'status',
            render: (s: keyof typeof STATUS_COLOR) => (
              <Tag color={STATUS_COLOR[s]}>{t(`valueReports.statuses.${s}`)}</Tag>
            ),
          },
          { title: t('valueReports.to'), dataIndex: 'email', render: (e: string | null) => e ?? '—' },
          { title: t('valueReports.sentAt'), dataIndex: 'sentAt', render: (d: string | null) => formatDateTime(d) },
        ]}
      />
      <Modal
        open={previewing}
        onCancel={() => setPreviewing(false)}
        footer={null}
        width={760}
        title={preview.data?.subject ?? t('valueReports.preview')}
      >
        {preview.isError ? (
          <QueryError error={preview.error} onRetry={() => void preview.refetch()} compact />
        ) : preview.isPending ? (
          <Skeleton active />
        ) : (
          <>
            <Typography.Paragraph type="secondary">
              {t('valueReports.previewTo', {
                to: preview.data.to ?? '—',
                month: formatMonth(preview.data.month, 'long'),
              })}
            </Typography.Paragraph>
            <iframe
              title={preview.data.subject}
              sandbox=""
              srcDoc={preview.data.html}
              style={{ width: '100%', height: 420, border: '1px solid #f0f0f0' }}
              data-testid="value-report-preview-frame"
            />
          </>
        )}
      </Modal>
      {editingTemplate && template ? (
        <TemplateEditor
          template={template}
          onClose={() => {
            setEditingTemplate(false);
            // The next preview shows the words just saved.
            void queryClient.invalidateQueries({ queryKey: ['valueReport', accountId, 'preview'] });
          }}
        />
      ) : null}
    </Card>
  );
}
