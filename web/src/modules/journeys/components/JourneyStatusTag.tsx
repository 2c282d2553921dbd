import type { JourneyStatus } from '@shared/journeys';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<JourneyStatus, string> = {
  draft: 'default',
  active: 'green',
  paused: 'orange',
  archived: 'default',
};

export function JourneyStatusTag({ status }: { status: JourneyStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="journey-status">
      {t(`journeys.statuses.${status}`)}
    </Tag>
  );
}
