import {
  CarOutlined,
  CustomerServiceOutlined,
  LikeOutlined,
  FileTextOutlined,
  FundProjectionScreenOutlined,
  MailOutlined,
  PhoneOutlined,
  SettingOutlined,
  TeamOutlined,
} from '@ant-design/icons';
import type { ActivityType } from '@shared/timeline';

const ICONS: Record<ActivityType, typeof FileTextOutlined> = {
  note: FileTextOutlined,
  call: PhoneOutlined,
  meeting: TeamOutlined,
  visit: CarOutlined,
  email: MailOutlined,
  qbr: FundProjectionScreenOutlined,
  system: SettingOutlined,
  ticket: CustomerServiceOutlined,
  nps: LikeOutlined,
};

export const ACTIVITY_COLORS: Record<ActivityType, string> = {
  note: 'blue',
  call: 'green',
  meeting: 'purple',
  visit: 'orange',
  email: 'cyan',
  qbr: 'magenta',
  system: 'gray',
  ticket: 'volcano',
  nps: 'geekblue',
};

export function ActivityIcon({ type }: { type: ActivityType }) {
  const Icon = ICONS[type];
  return <Icon />;
}
