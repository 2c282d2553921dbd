import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { IMPORT_KINDS, type ImportKind, type ImportPreview } from '@shared/imports';
import { Alert, App, Button, Card, Flex, List, Progress, Radio, Space, Steps, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { formatNumber } from '../../../lib/format';
import { ImportResult } from '../components/ImportResult';
import { MappingTable } from '../components/MappingTable';
import { useImportJob, usePreview, useStartImport } from '../hooks/useImports';

/**
 * Import a spreadsheet: choose what it holds (with a template to start from), drop the file,
 * check the first rows and where each column goes, then watch it import and read the result.
 */
export function ImportPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [kind, setKind] = useState<ImportKind>('accounts');
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<ImportPreview>();
  const [mapping, setMapping] = useState<Record<string, string>>({});
  const [uploaded, setUploaded] = useState(0);
  const [jobId, setJobId] = useState<string>();
  const previewing = usePreview();
  const start = useStartImport();
  const job = useImportJob(jobId);

  const reset = () => {
    setFile(undefined);
    setPreview(undefined);
    setMapping({});
    setJobId(undefined);
    setUploaded(0);
    previewing.reset();
    start.reset();
  };

  const load = (next: File, map?: Record<string, string>) =>
    previewing.mutate(
      { kind, file: next, map },
      {
        onSuccess: (result) => {
          setPreview(result);
          if (!map) setMapping(result.mapping);
        },
        onError: (error) => message.error(errorMessage(error)),
      },
    );

  const remap = (header: string, target: string) => {
    const next = { ...mapping, [header]: target };
    setMapping(next);
    if (file) load(file, next);
  };

  const begin = () =>
    file &&
    start.mutate(
      { kind, file, map: mapping, onProgress: setUploaded },
      { onSuccess: ({ id }) => setJobId(id), onError: (error) => message.error(errorMessage(error)) },
    );

  const mapped = new Set(Object.values(mapping));
  const missing = preview?.columns.filter((c) => c.required && !mapped.has(c.name)) ?? [];
  const state = job.data?.state;
  const step = state === 'done' || state === 'failed' ? 3 : jobId || start.isPending ? 2 : preview ? 1 : 0;

  return (
    <>
      <PageHeader title={t('nav.imports')} subtitle={t('imports.subtitle')} />
      <Steps
        current={step}
        size="small"
        style={{ marginBottom: 16 }}
        items={[
          { title: t('imports.stepChoose') },
          { title: t('imports.stepMap') },
          { title: t('imports.stepImport') },
          { title: t('imports.stepResult') },
        ]}
      />

      {step === 0 ? (
        <Card>
          <Flex vertical gap={16}>
            <div>
              <Typography.Text strong>{t('imports.whatKind')}</Typography.Text>
              <div style={{ marginTop: 8 }}>
                <Radio.Group
                  value={kind}
                  onChange={(e) => setKind(e.target.value as ImportKind)}
                  optionType="button"
                  buttonStyle="solid"
                  data-testid="import-kind"
                >
                  {IMPORT_KINDS.map((k) => (
                    <Radio.Button key={k} value={k}>
                      {t(`imports.kinds.${k}`)}
                    </Radio.Button>
                  ))}
                </Radio.Group>
              </div>
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                {t(`imports.kindHelp.${kind}`)}
              </Typography.Paragraph>
            </div>
            <Space wrap>
              <Typography.Text>{t('imports.template')}</Typography.Text>
              <Button
                icon={<DownloadOutlined />}
                href={`/api/imports/templates/${kind}.csv`}
                download
                data-testid="import-template-csv"
              >
                CSV
              </Button>
              <Button icon={<DownloadOutlined />} href={`/api/imports/templates/${kind}.xlsx`} download>
                Excel
              </Button>
            </Space>
            <div data-testid="import-file">
              <Upload.Dragger
                accept=".csv,.xlsx,.txt,.tsv"
                multiple={false}
                showUploadList={false}
                disabled={previewing.isPending}
                beforeUpload={(chosen) => {
                  setFile(chosen);
                  load(chosen);
                  return false;
                }}
              >
                <p className="ant-upload-drag-icon">
                  <InboxOutlined />
                </p>
                <p className="ant-upload-text">{previewing.isPending ? t('common.loading') : t('imports.drop')}</p>
                <p className="ant-upload-hint">{t('imports.dropHint')}</p>
              </Upload.Dragger>
            </div>
          </Flex>
        </Card>
      ) : null}

      {step === 1 && preview && file ? (
        <Card
          title={t('imports.checkColumns', { file: file.name, kind: t(`imports.kinds.${kind}`) })}
          extra={
            <Space>
              <Button onClick={reset}>{t('common.cancel')}</Button>
              <Button
                type="primary"
                disabled={missing.length > 0}
                loading={start.isPending}
                onClick={begin}
                data-testid="import-start"
              >
                {t('imports.start')}
              </Button>
            </Space>
          }
        >
          <Flex vertical gap={12}>
            <Typography.Text type="secondary">
              {t(preview.attributes ? 'imports.mapHelpAttributes' : 'imports.mapHelp')}
            </Typography.Text>
            {missing.length ? (
              <Alert
                type="error"
                showIcon
                message={t('imports.missingColumns', {
                  columns: missing.map((c) => c.name).join(t('common.listSeparator')),
                })}
              />
            ) : null}
            {preview.problems.length ? (
              <Alert
                type="warning"
                showIcon
                message={t('imports.previewProblems')}
                description={
                  <List
                    size="small"
                    dataSource={preview.problems.slice(0, 20)}
                    renderItem={(p) => (
                      <List.Item style={{ padding: '2px 0' }}>
                        {t('imports.problemAt', { line: p.line, column: p.column ?? '' })} {p.message}
                      </List.Item>
                    )}
                  />
                }
              />
            ) : null}
            <MappingTable preview={preview} mapping={mapping} onChange={remap} />
          </Flex>
        </Card>
      ) : null}

      {step === 2 ? (
        <Card title={t('imports.importing', { file: file?.name ?? '' })}>
          {!jobId ? (
            <>
              <Typography.Text>{t('imports.uploading')}</Typography.Text>
              <Progress percent={Math.floor(uploaded * 100)} status="active" />
            </>
          ) : (
            <>
              <Typography.Text>{t('imports.rowsSoFar', { rows: formatNumber(job.data?.rows ?? 0) })}</Typography.Text>
              <Progress
                percent={
                  job.data && job.data.totalBytes ? Math.floor((100 * job.data.readBytes) / job.data.totalBytes) : 0
                }
                status="active"
                data-testid="import-progress"
              />
            </>
          )}
        </Card>
      ) : null}

      {step === 3 && job.data ? (
        <Card
          title={t('imports.resultTitle', { file: job.data.fileName, kind: t(`imports.kinds.${job.data.kind}`) })}
          extra={
            <Button type="primary" onClick={reset} data-testid="import-again">
              {t('imports.again')}
            </Button>
          }
        >
          {job.data.state === 'failed' ? (
            <Alert type="error" showIcon message={t('imports.failed')} description={job.data.error} />
          ) : null}
          {job.data.report ? <ImportResult report={job.data.report} /> : null}
        </Card>
      ) : null}
    </>
  );
}
