import { CheckCircleTwoTone, CloseCircleTwoTone, QuestionCircleTwoTone } from '@ant-design/icons';
import { Card, List, Progress, Skeleton, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { useAccountFit } from '../hooks/useFit';
import { criterionText } from './fitText';

export const GRADE_COLORS: Record<string, string> = { A: 'green', B: 'blue', C: 'orange', D: 'red' };

const ICONS = {
  hit: <CheckCircleTwoTone twoToneColor="#52c41a" />,
  missed: <CloseCircleTwoTone twoToneColor="#ff4d4f" />,
  unknown: <QuestionCircleTwoTone twoToneColor="#bfbfbf" />,
};

/** The account's ICP fit: score, grade and each criterion met, not met or not recorded (handoff tab and 360). */
export function FitCard({ accountId, bordered = true }: { accountId: string; bordered?: boolean }) {
  const { t } = useTranslation();
  const fit = useAccountFit(accountId);
  const isAdmin = useCan('admin');
  const body = () => {
    if (fit.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
    if (fit.isError) return <QueryError compact error={fit.error} onRetry={() => void fit.refetch()} />;
    const f = fit.data;
    if (f.score === null)
      return (
        <Typography.Text type="secondary">
          {t('fit.noCriteria')} {isAdmin ? <Link to="/settings/fit">{t('fit.configure')}</Link> : null}
        </Typography.Text>
      );
    return (
      <>
        <Space align="center" size="large">
          <Progress type="circle" size={64} percent={f.score} format={(p) => p} />
          <Space direction="vertical" size={0}>
            <Tag color={GRADE_COLORS[f.grade ?? 'D']} data-testid="fit-grade">
              {t('fit.gradeLabel', { grade: f.grade })}
            </Tag>
            <Typography.Text type="secondary" data-testid="fit-score">
              {t('fit.points', { points: f.points, total: f.totalPoints, score: f.score })}
            </Typography.Text>
          </Space>
        </Space>
        <List
          size="small"
          style={{ marginTop: 8 }}
          dataSource={f.criteria}
          renderItem={(c) => (
            <List.Item data-testid={`fit-criterion-${c.status}`}>
              <Space align="start" style={{ width: '100%', justifyContent: 'space-between' }}>
                <Space align="start">
                  {ICONS[c.status]}
                  <span>
                    {c.label || criterionText(t, c)}
                    <Typography.Text type="secondary">
                      {' '}
                      — {c.status === 'unknown' ? t('fit.status.unknown') : (c.value ?? '')}
                    </Typography.Text>
                  </span>
                </Space>
                <Typography.Text style={{ whiteSpace: 'nowrap' }}>{c.points}</Typography.Text>
              </Space>
            </List.Item>
          )}
        />
      </>
    );
  };
  return (
    <Card
      size="small"
      title={t('fit.title')}
      variant={bordered ? 'outlined' : 'borderless'}
      style={{ marginBottom: 16 }}
      data-testid="fit-card"
    >
      {body()}
    </Card>
  );
}
