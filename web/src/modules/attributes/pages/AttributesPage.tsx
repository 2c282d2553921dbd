import type { AttributeKeyView, AttributeLabels, LocalizedLabel } from '@shared/attributes';
import { App, Button, Card, Empty, Input, Skeleton, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../api/forms';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useAttributeKeys, useAttributeLabelSettings, useSaveAttributeLabels } from '../hooks/useAttributes';

/** Settings → Attributes: names for custom attribute keys and their text values, in both languages. */
export function AttributesPage() {
  const { t } = useTranslation();
  const keys = useAttributeKeys();
  const labels = useAttributeLabelSettings();
  const pending = keys.isPending || labels.isPending;
  const failed = keys.isError ? keys : labels.isError ? labels : null;
  return (
    <>
      <PageHeader title={t('attributes.labels.title')} subtitle={t('attributes.labels.subtitle')} />
      {pending ? (
        <Skeleton active />
      ) : failed ? (
        <QueryError error={failed.error} onRetry={() => void failed.refetch()} />
      ) : (
        <LabelsForm keys={keys.data ?? []} initial={labels.data ?? {}} />
      )}
    </>
  );
}

interface KeyRow {
  key: string;
  type: AttributeKeyView['type'] | null;
  accounts: number;
  values: { value: string; accounts: number }[];
}

/** Keys in use, plus keys that keep a label though no live account carries them now (so it can be cleared). */
function rowsOf(keys: AttributeKeyView[], labels: AttributeLabels): KeyRow[] {
  const rows = new Map<string, KeyRow>(keys.map((k) => [k.key, { ...k, values: [...k.values] }]));
  for (const [key, entry] of Object.entries(labels)) {
    const row = rows.get(key) ?? { key, type: null, accounts: 0, values: [] };
    for (const value of Object.keys(entry.values ?? {})) {
      if (!row.values.some((v) => v.value === value)) row.values.push({ value, accounts: 0 });
    }
    rows.set(key, row);
  }
  return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Drops empty names, and keys or values left with none, so the stored table holds only real labels. */
function cleaned(draft: AttributeLabels): AttributeLabels {
  const trim = (label: LocalizedLabel | undefined): LocalizedLabel | undefined => {
    const en = label?.en?.trim();
    const zh = label?.['zh-CN']?.trim();
    return en || zh ? { ...(en ? { en } : {}), ...(zh ? { 'zh-CN': zh } : {}) } : undefined;
  };
  const out: AttributeLabels = {};
  for (const [key, entry] of Object.entries(draft)) {
    const values = Object.fromEntries(
      Object.entries(entry.values ?? {}).flatMap(([value, label]) => {
        const kept = trim(label);
        return kept ? [[value, kept]] : [];
      }),
    );
    const label = trim(entry.label);
    if (label || Object.keys(values).length) out[key] = { label: label ?? {}, values };
  }
  return out;
}

function LabelsForm({ keys, initial }: { keys: AttributeKeyView[]; initial: AttributeLabels }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const save = useSaveAttributeLabels();
  const [draft, setDraft] = useState<AttributeLabels>(initial);
  const rows = rowsOf(keys, initial);

  const setKeyLabel = (key: string, language: keyof LocalizedLabel, text: string) =>
    setDraft((d) => ({
      ...d,
      [key]: { label: { ...d[key]?.label, [language]: text }, values: d[key]?.values ?? {} },
    }));
  const setValueLabel = (key: string, value: string, language: keyof LocalizedLabel, text: string) =>
    setDraft((d) => ({
      ...d,
      [key]: {
        label: d[key]?.label ?? {},
        values: { ...d[key]?.values, [value]: { ...d[key]?.values?.[value], [language]: text } },
      },
    }));

  const submit = () =>
    save.mutate(cleaned(draft), {
      onSuccess: (saved) => {
        setDraft(saved);
        message.success(t('attributes.labels.saved'));
      },
      onError: (error) => message.error(errorMessage(error)),
    });

  if (rows.length === 0) {
    return (
      <Card>
        <Empty description={t('attributes.labels.empty')} />
      </Card>
    );
  }
  const labelInput = (value: string | undefined, onChange: (text: string) => void, testId: string) => (
    <Input value={value ?? ''} maxLength={80} onChange={(e) => onChange(e.target.value)} data-testid={testId} />
  );
  return (
    <Card
      extra={
        <Button type="primary" loading={save.isPending} onClick={submit} data-testid="attribute-labels-save">
          {t('attributes.labels.save')}
        </Button>
      }
    >
      <Table<KeyRow>
        rowKey="key"
        size="small"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 800 }}
        expandable={{
          rowExpandable: (row) => row.values.length > 0,
          expandedRowRender: (row) => (
            <Table
              rowKey="value"
              size="small"
              pagination={false}
              dataSource={row.values}
              columns={[
                { title: t('attributes.labels.value'), dataIndex: 'value', render: (v: string) => <Tag>{v}</Tag> },
                { title: t('attributes.labels.accounts'), dataIndex: 'accounts', width: 90, align: 'right' },
                {
                  title: t('attributes.labels.labelEn'),
                  render: (_, v) =>
                    labelInput(
                      draft[row.key]?.values?.[v.value]?.en,
                      (text) => setValueLabel(row.key, v.value, 'en', text),
                      `label-${row.key}-${v.value}-en`,
                    ),
                },
                {
                  title: t('attributes.labels.labelZh'),
                  render: (_, v) =>
                    labelInput(
                      draft[row.key]?.values?.[v.value]?.['zh-CN'],
                      (text) => setValueLabel(row.key, v.value, 'zh-CN', text),
                      `label-${row.key}-${v.value}-zh`,
                    ),
                },
              ]}
            />
          ),
        }}
        columns={[
          {
            title: t('attributes.labels.key'),
            dataIndex: 'key',
            render: (key: string) => <Typography.Text code>{key}</Typography.Text>,
          },
          {
            title: t('attributes.labels.type'),
            dataIndex: 'type',
            width: 90,
            render: (type: KeyRow['type']) => (type ? t(`attributes.types.${type}`) : '—'),
          },
          { title: t('attributes.labels.accounts'), dataIndex: 'accounts', width: 90, align: 'right' },
          {
            title: t('attributes.labels.labelEn'),
            render: (_, row) =>
              labelInput(draft[row.key]?.label?.en, (text) => setKeyLabel(row.key, 'en', text), `label-${row.key}-en`),
          },
          {
            title: t('attributes.labels.labelZh'),
            render: (_, row) =>
              labelInput(
                draft[row.key]?.label?.['zh-CN'],
                (text) => setKeyLabel(row.key, 'zh-CN', text),
                `label-${row.key}-zh`,
              ),
          },
        ]}
      />
    </Card>
  );
}
