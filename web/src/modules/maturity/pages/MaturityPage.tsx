import { MATURITY_LEVELS, MATURITY_PRACTICES, type MaturityLevels } from '@shared/maturity';
import { Button, Card, Col, Empty, Form, Input, List, Radio, Row, Skeleton, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { formatDate } from '../../../lib/format';
import { MaturityRadar } from '../components/MaturityRadar';
import { useMaturityHistory, useRecordMaturity } from '../hooks/useMaturity';

interface Values {
  levels: MaturityLevels;
  note?: string;
}

/**
 * The CS team's maturity self-assessment (`/team/maturity`, managers and admins; docs/maturity.md): eight
 * practices rated 1–5, the latest on a radar against the one before, the next step for each practice, and
 * the history.
 */
export function MaturityPage() {
  const { t } = useTranslation();
  const history = useMaturityHistory();
  const record = useRecordMaturity();
  const [form] = Form.useForm<Values>();
  const items = history.data?.items ?? [];
  const [latest, previous] = items;

  async function submit() {
    const values = await form.validateFields();
    record.mutate({ levels: values.levels, note: values.note?.trim() || null });
  }

  return (
    <>
      <PageHeader title={t('maturity.title')} subtitle={t('maturity.subtitle')} />
      {history.isPending ? (
        <Skeleton active />
      ) : history.isError ? (
        <QueryError error={history.error} onRetry={() => void history.refetch()} />
      ) : (
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <Card title={t('maturity.questionnaire')} size="small" style={{ marginBottom: 16 }}>
              <Form
                form={form}
                layout="vertical"
                initialValues={latest ? { levels: latest.levels } : undefined}
                data-testid="maturity-form"
              >
                {MATURITY_PRACTICES.map((practice) => (
                  <Form.Item
                    key={practice}
                    name={['levels', practice]}
                    label={<Typography.Text strong>{t(`maturity.practices.${practice}`)}</Typography.Text>}
                    rules={[{ required: true, message: t('maturity.pickLevel') }]}
                  >
                    <Radio.Group data-testid={`maturity-${practice}`}>
                      {MATURITY_LEVELS.map((level) => (
                        <Radio key={level} value={level} style={{ display: 'flex', marginBottom: 4 }}>
                          {level} · {t(`maturity.levels.${practice}.${level}`)}
                        </Radio>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                ))}
                <Form.Item name="note" label={t('maturity.note')}>
                  <Input.TextArea rows={2} maxLength={2000} />
                </Form.Item>
                <Button
                  type="primary"
                  onClick={() => void submit()}
                  loading={record.isPending}
                  data-testid="maturity-save"
                >
                  {t('maturity.save')}
                </Button>
              </Form>
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            {latest ? (
              <>
                <Card
                  title={t('maturity.standing', { total: latest.total, date: formatDate(latest.takenAt) })}
                  size="small"
                  style={{ marginBottom: 16 }}
                >
                  <MaturityRadar latest={latest.levels} previous={previous?.levels} />
                </Card>
                <Card title={t('maturity.nextSteps')} size="small" style={{ marginBottom: 16 }}>
                  <List
                    data-testid="maturity-next-steps"
                    dataSource={[...MATURITY_PRACTICES]}
                    renderItem={(practice) => {
                      const level = latest.levels[practice];
                      return (
                        <List.Item>
                          <List.Item.Meta
                            title={
                              <>
                                {t(`maturity.practices.${practice}`)} <Tag>{t('maturity.level', { level })}</Tag>
                              </>
                            }
                            description={
                              level >= 5 ? (
                                t('maturity.top')
                              ) : (
                                <>
                                  {t('maturity.next', { text: t(`maturity.levels.${practice}.${level + 1}`) })}
                                  <br />
                                  <Typography.Text type="secondary">
                                    {t(`maturity.howHere.${practice}`)}
                                  </Typography.Text>
                                </>
                              )
                            }
                          />
                        </List.Item>
                      );
                    }}
                  />
                </Card>
              </>
            ) : (
              <Card size="small" style={{ marginBottom: 16 }}>
                <Empty description={t('maturity.empty')} />
              </Card>
            )}
            <Card title={t('maturity.history')} size="small">
              <Table
                rowKey="id"
                size="small"
                pagination={{ pageSize: 10, hideOnSinglePage: true }}
                dataSource={items}
                data-testid="maturity-history"
                locale={{ emptyText: <Empty description={t('maturity.noHistory')} /> }}
                columns={[
                  { key: 'date', title: t('maturity.date'), render: (_, a) => formatDate(a.takenAt) },
                  { key: 'by', title: t('maturity.by'), render: (_, a) => a.takenBy?.name ?? '—' },
                  { key: 'total', title: t('maturity.total'), align: 'right', render: (_, a) => `${a.total} / 40` },
                  { key: 'note', title: t('maturity.note'), render: (_, a) => a.note ?? '' },
                ]}
              />
            </Card>
          </Col>
        </Row>
      )}
    </>
  );
}
