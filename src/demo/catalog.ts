/** Static material for the demo company: who the customers are, what they buy, what they use. */

export type Segment = 'smb' | 'mid_market' | 'enterprise';
export type Tier = 'high_touch' | 'low_touch' | 'tech_touch';
export type Interval = 'month' | 'quarter' | 'year';

export const TIER_OF: Record<Segment, Tier> = { enterprise: 'high_touch', mid_market: 'low_touch', smb: 'tech_touch' };

/** Chinese regions take Chinese companies; the overseas regions take English-named ones. */
export const CN_REGIONS = [
  ['华东', ['上海', '杭州', '南京', '苏州', '宁波', '合肥'], 36],
  ['华北', ['北京', '天津', '济南', '青岛', '石家庄'], 24],
  ['华南', ['深圳', '广州', '厦门', '福州', '东莞'], 24],
  ['华中', ['武汉', '长沙', '郑州'], 8],
  ['西南', ['成都', '重庆', '昆明'], 8],
] as const;
export const INTL_REGIONS = [
  ['APAC', 40],
  ['North America', 35],
  ['EMEA', 25],
] as const;

/** Brand words with their pinyin (for domains and e-mail addresses). */
export const CN_BRANDS: readonly (readonly [string, string])[] = [
  ['云帆', 'yunfan'], ['数衡', 'shuheng'], ['智联', 'zhilian'], ['星图', 'xingtu'], ['海纳', 'haina'], ['易达', 'yida'],
  ['远景', 'yuanjing'], ['卓越', 'zhuoyue'], ['恒信', 'hengxin'], ['鼎盛', 'dingsheng'], ['华盈', 'huaying'], ['启明', 'qiming'],
  ['新锐', 'xinrui'], ['博通', 'botong'], ['明川', 'mingchuan'], ['青禾', 'qinghe'], ['蓝鲸', 'lanjing'], ['极光', 'jiguang'],
  ['天工', 'tiangong'], ['开元', 'kaiyuan'], ['嘉禾', 'jiahe'], ['瑞丰', 'ruifeng'], ['长风', 'changfeng'], ['微澜', 'weilan'],
  ['拓维', 'tuowei'], ['睿思', 'ruisi'], ['宏图', 'hongtu'], ['晨曦', 'chenxi'], ['汇通', 'huitong'], ['致远', 'zhiyuan'],
  ['百川', 'baichuan'], ['绿洲', 'lvzhou'], ['乐享', 'lexiang'], ['飞鸿', 'feihong'], ['金石', 'jinshi'], ['中科', 'zhongke'],
  ['众合', 'zhonghe'], ['同创', 'tongchuang'], ['优选', 'youxuan'], ['和光', 'heguang'], ['万象', 'wanxiang'], ['北辰', 'beichen'],
  ['东方', 'dongfang'], ['南山', 'nanshan'], ['云栖', 'yunqi'], ['墨子', 'mozi'], ['知行', 'zhixing'], ['创想', 'chuangxiang'],
  ['森途', 'sentu'], ['光合', 'guanghe'], ['佰仕', 'baishi'], ['凌云', 'lingyun'], ['锦程', 'jincheng'], ['聚能', 'juneng'],
];

/** Industries: English name (stored), Chinese company-name word, English company-name words. */
export const INDUSTRIES = [
  { name: 'Software', cn: ['科技', '软件', '信息技术', '网络科技'], en: ['Software', 'Labs', 'Systems', 'Technologies'], weight: 22 },
  { name: 'Financial Services', cn: ['金融信息服务', '融资租赁', '投资管理'], en: ['Capital', 'Financial', 'Payments'], weight: 10 },
  { name: 'Retail', cn: ['商贸', '零售连锁', '电子商务'], en: ['Retail', 'Commerce', 'Stores'], weight: 12 },
  { name: 'Manufacturing', cn: ['智能制造', '机械', '精密仪器', '新材料'], en: ['Manufacturing', 'Industries', 'Components'], weight: 14 },
  { name: 'Education', cn: ['教育科技', '培训'], en: ['Learning', 'Education', 'Academy'], weight: 7 },
  { name: 'Healthcare', cn: ['医疗科技', '健康管理', '生物科技'], en: ['Health', 'Medical', 'Care'], weight: 8 },
  { name: 'Logistics', cn: ['物流', '供应链管理', '货运代理'], en: ['Logistics', 'Freight', 'Supply Chain'], weight: 9 },
  { name: 'Media', cn: ['文化传媒', '广告'], en: ['Media', 'Studios', 'Creative'], weight: 6 },
  { name: 'Professional Services', cn: ['咨询', '人力资源服务', '企业管理咨询'], en: ['Consulting', 'Partners', 'Advisory'], weight: 8 },
  { name: 'Hospitality', cn: ['酒店管理', '餐饮管理'], en: ['Hospitality', 'Hotels', 'Dining'], weight: 4 },
] as const;

export const EN_WORDS = [
  'Northwind', 'Bluepeak', 'Silverline', 'Brightwater', 'Redwood', 'Ironbridge', 'Clearview', 'Summit', 'Harbor', 'Evergreen',
  'Crescent', 'Meridian', 'Atlas', 'Beacon', 'Cobalt', 'Falcon', 'Granite', 'Horizon', 'Juniper', 'Keystone', 'Lakeside',
  'Maple', 'Nimbus', 'Oakridge', 'Pioneer', 'Quartz', 'Riverbend', 'Sterling', 'Tidewater', 'Vantage', 'Willow', 'Zenith',
  'Aurora', 'Bayview', 'Cedar', 'Driftwood', 'Everest', 'Foxglove', 'Goldcrest', 'Highland', 'Lumen', 'Northstar', 'Orchid',
  'Pinecone', 'Sable', 'Trident', 'Upland', 'Westbrook', 'Kestrel', 'Larkspur', 'Marlow', 'Solstice', 'Halcyon', 'Copperleaf',
];
export const EN_SUFFIXES = ['Group', 'Inc.', 'Ltd', 'Co.', 'LLC', 'Pte. Ltd.', 'GmbH', ''];

export const CN_SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'], ['赵', 'zhao'],
  ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'], ['胡', 'hu'], ['郭', 'guo'],
  ['何', 'he'], ['林', 'lin'], ['罗', 'luo'], ['高', 'gao'], ['郑', 'zheng'], ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'],
  ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'], ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'],
];
export const CN_GIVEN: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['磊', 'lei'], ['洋', 'yang'], ['勇', 'yong'],
  ['艳', 'yan'], ['杰', 'jie'], ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀英', 'xiuying'], ['建华', 'jianhua'],
  ['晓东', 'xiaodong'], ['海燕', 'haiyan'], ['志强', 'zhiqiang'], ['丽娟', 'lijuan'], ['思远', 'siyuan'], ['子涵', 'zihan'],
  ['雨桐', 'yutong'], ['浩然', 'haoran'], ['欣怡', 'xinyi'], ['俊杰', 'junjie'], ['婷', 'ting'], ['鹏', 'peng'], ['霞', 'xia'],
  ['博文', 'bowen'], ['嘉怡', 'jiayi'], ['文静', 'wenjing'], ['立新', 'lixin'], ['一鸣', 'yiming'], ['晨', 'chen'],
];

/** Titles per decision-chain role, Chinese and English. */
export const TITLES = {
  decision_maker: { cn: ['总经理', '首席执行官', '运营副总裁', '首席技术官'], en: ['CEO', 'COO', 'VP Operations', 'CTO'] },
  economic_buyer: { cn: ['财务总监', '采购经理', '首席财务官'], en: ['CFO', 'Head of Procurement', 'Finance Director'] },
  champion: { cn: ['数字化负责人', '运营经理', '业务分析主管', 'IT 经理'], en: ['Head of Analytics', 'Operations Manager', 'IT Manager', 'RevOps Lead'] },
  end_user: { cn: ['数据分析师', '运营专员', '销售主管', '客服主管', '产品经理'], en: ['Data Analyst', 'Operations Specialist', 'Sales Lead', 'Support Lead', 'Product Manager'] },
  blocker: { cn: ['信息安全经理', '法务经理', 'IT 架构师'], en: ['Security Officer', 'Legal Counsel', 'Enterprise Architect'] },
} as const;

/** Per-seat monthly list prices in minor units; annual terms get a discount. */
export const PLANS = {
  Starter: { CNY: 9_900, USD: 1_500 },
  Growth: { CNY: 19_900, USD: 3_000 },
  Enterprise: { CNY: 39_900, USD: 6_000 },
} as const;
export type PlanName = keyof typeof PLANS;
export const PLAN_ORDER: PlanName[] = ['Starter', 'Growth', 'Enterprise'];
export const INTERVAL_MONTHS: Record<Interval, number> = { month: 1, quarter: 3, year: 12 };

/** Product events of the daily roll-up, with the share of active users who do each on a day. */
export const EVENTS = [
  { event: 'login', share: 1, perUser: [1.2, 2.2] },
  { event: 'report_viewed', share: 0.7, perUser: [2, 6] },
  { event: 'dashboard_created', share: 0.08, perUser: [1, 1.5] },
  { event: 'data_exported', share: 0.25, perUser: [1, 3] },
  { event: 'workflow_run', share: 0.35, perUser: [2, 8] },
  { event: 'integration_synced', share: 0.05, perUser: [3, 12] },
] as const;

/** Chinese public holidays on which Chinese customers barely log in. */
export const CN_HOLIDAYS: readonly (readonly [string, string])[] = [
  ['2024-02-10', '2024-02-17'], ['2024-10-01', '2024-10-07'], ['2025-01-28', '2025-02-04'], ['2025-10-01', '2025-10-08'],
  ['2026-02-15', '2026-02-23'], ['2026-10-01', '2026-10-07'], ['2027-02-06', '2027-02-13'], ['2027-10-01', '2027-10-07'],
  ['2028-01-26', '2028-02-02'], ['2028-10-01', '2028-10-07'],
];
