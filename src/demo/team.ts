import type { UserPlan } from './types.js';

/** The demo team; every member signs in with the demo password. */
export const TEAM: readonly UserPlan[] = [
  { key: 'admin', email: 'admin@tenure.demo', name: 'Demo Admin', role: 'admin', locale: 'zh-CN' },
  { key: 'manager', email: 'siyuan.chen@tenure.demo', name: '陈思远', role: 'cs_manager', locale: 'zh-CN' },
  { key: 'csm1', email: 'na.li@tenure.demo', name: '李娜', role: 'csm', locale: 'zh-CN' },
  { key: 'csm2', email: 'lei.wang@tenure.demo', name: '王磊', role: 'csm', locale: 'zh-CN' },
  { key: 'csm3', email: 'min.zhao@tenure.demo', name: '赵敏', role: 'csm', locale: 'zh-CN' },
  { key: 'csm4', email: 'emily.carter@tenure.demo', name: 'Emily Carter', role: 'csm', locale: 'en' },
  { key: 'onboarding', email: 'yang.liu@tenure.demo', name: '刘洋', role: 'onboarding', locale: 'zh-CN' },
  { key: 'sales', email: 'jie.zhou@tenure.demo', name: '周杰', role: 'sales', locale: 'zh-CN' },
  { key: 'support', email: 'li.sun@tenure.demo', name: '孙丽', role: 'support', locale: 'zh-CN' },
  { key: 'viewer', email: 'david.wong@tenure.demo', name: 'David Wong', role: 'viewer', locale: 'en' },
];
