import type { AttributeLabels } from '../shared/attributes.js';

/** Names of the demo's custom attributes and values, as an admin would give them in Settings → Attributes. */
export const DEMO_ATTRIBUTE_LABELS: AttributeLabels = {
  segment: {
    label: { en: 'Segment', 'zh-CN': '客户分层' },
    values: {
      smb: { en: 'SMB', 'zh-CN': '小微客户' },
      mid_market: { en: 'Mid-market', 'zh-CN': '中型客户' },
      enterprise: { en: 'Enterprise', 'zh-CN': '大客户' },
    },
  },
  acquisition_channel: {
    label: { en: 'Acquisition channel', 'zh-CN': '获客渠道' },
    values: {
      inbound: { en: 'Inbound', 'zh-CN': '自然流入' },
      outbound: { en: 'Outbound', 'zh-CN': '主动拓展' },
      partner: { en: 'Partner', 'zh-CN': '合作伙伴' },
      referral: { en: 'Referral', 'zh-CN': '客户推荐' },
    },
  },
  plan: { label: { en: 'Plan', 'zh-CN': '套餐' }, values: {} },
  seats_purchased: { label: { en: 'Seats purchased', 'zh-CN': '已购席位' }, values: {} },
  trial_seats: { label: { en: 'Trial seats', 'zh-CN': '试用席位' }, values: {} },
  renewal_date: { label: { en: 'Renewal date', 'zh-CN': '续约日期' }, values: {} },
  csat: { label: { en: 'CSAT (1–5)', 'zh-CN': '满意度（1–5）' }, values: {} },
};
