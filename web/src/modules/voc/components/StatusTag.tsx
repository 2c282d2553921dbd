import type { FeatureRequestStatus } from '@shared/voc';
import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

const COLORS: Record<FeatureRequestStatus, string> = {
  new: 'default',
  planned: 'blue',
  shipped: 'green',
  declined: 'red',
};

export function RequestStatusTag({ status }: { status: FeatureRequestStatus }) {
  const { t } = useTranslation();
  return (
    <Tag color={COLORS[status]} data-testid="request-status">
      {t(`voc.statuses.${status}`)}
    </Tag>
  );
}
