import {
  AlertOutlined,
  BranchesOutlined,
  ClockCircleOutlined,
  EditOutlined,
  LogoutOutlined,
  SendOutlined,
  SmileOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import { JOURNEY_STEP_KINDS, type JourneyStepKind } from '@shared/journeys';
import { Dropdown } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export const KIND_ICONS: Record<JourneyStepKind, ReactNode> = {
  send: <SendOutlined />,
  survey: <SmileOutlined />,
  wait: <ClockCircleOutlined />,
  branch: <BranchesOutlined />,
  cta: <AlertOutlined />,
  update_field: <EditOutlined />,
  segment: <TeamOutlined />,
  exit: <LogoutOutlined />,
};

export const KIND_COLORS: Record<JourneyStepKind, string> = {
  send: '#1677ff',
  survey: '#eb2f96',
  wait: '#faad14',
  branch: '#722ed1',
  cta: '#fa541c',
  update_field: '#13c2c2',
  segment: '#52c41a',
  exit: '#8c8c8c',
};

/** The menu of step kinds a "+" offers. */
export function KindMenu({ onPick, children }: { onPick: (kind: JourneyStepKind) => void; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: JOURNEY_STEP_KINDS.map((kind) => ({
          key: kind,
          icon: KIND_ICONS[kind],
          label: <span data-testid={`add-kind-${kind}`}>{t(`journeys.kinds.${kind}`)}</span>,
        })),
        onClick: ({ key }) => onPick(key as JourneyStepKind),
      }}
    >
      {children}
    </Dropdown>
  );
}
