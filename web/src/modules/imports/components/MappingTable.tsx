import type { ImportPreview } from '@shared/imports';
import { Select, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

type Row = ImportPreview['rows'][number];

/**
 * The file's first rows under its own headers, with a row of selects on top: where each source
 * column goes — a Tenure column, a custom attribute (accounts) or nowhere.
 */
export function MappingTable({
  preview,
  mapping,
  onChange,
}: {
  preview: ImportPreview;
  mapping: Record<string, string>;
  onChange: (header: string, target: string) => void;
}) {
  const { t } = useTranslation();
  const options = [
    ...preview.columns.map((c) => ({
      value: c.name,
      label: (
        <span>
          {t(`imports.columns.${c.name}`)}
          {c.required ? <Typography.Text type="danger"> *</Typography.Text> : null}{' '}
          <Typography.Text type="secondary">{c.name}</Typography.Text>
        </span>
      ),
      title: c.name,
    })),
    ...(preview.attributes
      ? [
          {
            value: 'attribute',
            label: <Typography.Text italic>{t('imports.customAttribute')}</Typography.Text>,
            title: 'attribute',
          },
        ]
      : []),
    {
      value: 'ignore',
      label: <Typography.Text type="secondary">{t('imports.ignore')}</Typography.Text>,
      title: 'ignore',
    },
  ];

  return (
    <Table<Row>
      rowKey="line"
      size="small"
      dataSource={preview.rows}
      pagination={false}
      scroll={{ x: 'max-content', y: 420 }}
      data-testid="import-preview"
      columns={[
        {
          title: t('imports.line'),
          dataIndex: 'line',
          width: 64,
          fixed: 'left',
          render: (n: number) => <Typography.Text type="secondary">{n}</Typography.Text>,
        },
        ...preview.headers.map((header, i) => ({
          key: `${i}`,
          width: 200,
          title: (
            <div style={{ display: 'flex', flexDirection: 'column', gap: 6 }}>
              <Typography.Text strong ellipsis={{ tooltip: header }}>
                {header || '—'}
              </Typography.Text>
              <Select
                size="small"
                style={{ width: '100%', minWidth: 180 }}
                value={mapping[header] ?? 'ignore'}
                options={options}
                optionLabelProp="label"
                onChange={(target) => onChange(header, target)}
                showSearch
                optionFilterProp="title"
                data-testid={`import-map-${i}`}
                aria-label={t('imports.mapColumn', { header })}
              />
            </div>
          ),
          render: (_: unknown, row: Row) => (
            <Typography.Text
              type={mapping[header] === 'ignore' ? 'secondary' : undefined}
              ellipsis={{ tooltip: row.cells[i] }}
              style={{ maxWidth: 200 }}
            >
              {row.cells[i]}
            </Typography.Text>
          ),
        })),
      ]}
    />
  );
}
