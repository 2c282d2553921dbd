import type { ConnectorRun } from '@shared/connectors';
import { Card, Col, Row } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { ConnectorLogCard } from './ConnectorRunLog';

/** A connector's settings page: its form on the left, its sync log on the right. */
export function ConnectorSettingsLayout({
  vendor,
  title,
  subtitle,
  runs,
  runsTestId,
  writtenBack,
  children,
}: {
  vendor: string;
  title: string;
  subtitle: string;
  runs: readonly (Omit<ConnectorRun, 'startedAt' | 'finishedAt'> & {
    startedAt: Date | string;
    finishedAt: Date | string | null;
  })[];
  runsTestId?: string;
  writtenBack?: boolean;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <PageHeader title={title} subtitle={subtitle} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={10}>
          <Card title={t('zendesk.connection')} data-testid={`${vendor}-connection`}>
            {children}
          </Card>
        </Col>
        <Col xs={24} xl={14}>
          <ConnectorLogCard vendor={vendor} runs={runs} runsTestId={runsTestId} writtenBack={writtenBack} />
        </Col>
      </Row>
    </>
  );
}
