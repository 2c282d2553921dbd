/**
 * What people write: timeline entries, ticket subjects, NPS comments. Chinese customers get
 * Chinese texts (with the English product words Chinese SaaS teams actually use), overseas
 * customers English ones. `{contact}`, `{n}` and `{q}` are filled in by the generator.
 */

export type Lang = 'cn' | 'en';

/** A demo customer's language, read back from its name: Chinese customers have Chinese names. */
export const langOfName = (name: string): Lang => (/[\u4e00-\u9fff]/.test(name) ? 'cn' : 'en');
type Texts = Record<Lang, readonly (readonly [string, string])[]>;

export const ACTIVITY_TEXTS: Record<string, Texts> = {
  kickoff: {
    cn: [['项目启动会', '与{contact}确认上线目标、里程碑和双方对接人；约定两周内完成数据对接。']],
    en: [
      [
        'Kick-off meeting',
        'Agreed go-live goals, milestones and owners with {contact}; data connection due within two weeks.',
      ],
    ],
  },
  training: {
    cn: [
      ['管理员培训', '为{contact}团队做了报表和工作流配置培训，共 {n} 人参加。'],
      ['产品培训（第二场）', '针对业务部门演示看板搭建，反馈积极。'],
    ],
    en: [
      ['Admin training', "Trained {contact}'s team on reports and workflow setup; {n} people attended."],
      ['Product training, part 2', 'Showed the business team how to build dashboards; good reception.'],
    ],
  },
  golive: {
    cn: [['正式上线', '核心流程已在生产环境运行，{contact}确认上线完成。']],
    en: [['Go-live', 'Core workflows are running in production; {contact} confirmed go-live.']],
  },
  checkin: {
    cn: [
      ['月度例行沟通', '与{contact}回顾本月使用情况，活跃用户稳定，暂无阻塞问题。'],
      ['跟进报表需求', '{contact}希望增加按区域拆分的销售报表，已记录并同步产品团队。'],
      ['使用情况回顾', '核心模块使用率良好，建议下月推广工作流自动化。'],
      ['跟进上次工单', '确认导出问题已解决，{contact}表示满意。'],
    ],
    en: [
      ['Monthly check-in', "Reviewed this month's usage with {contact}; active users steady, no blockers."],
      [
        'Follow-up on reporting request',
        '{contact} asked for sales reports split by region; logged and shared with product.',
      ],
      ['Usage review', 'Core modules well adopted; suggested rolling out workflow automation next month.'],
      ['Ticket follow-up', 'Confirmed the export issue is fixed; {contact} is happy.'],
    ],
  },
  email: {
    cn: [
      ['发送月度使用报告', '已将本月使用报告发送给{contact}。'],
      ['分享最佳实践文档', '发送了同行业客户的看板模板和最佳实践。'],
      ['新功能通知', '介绍了新上线的工作流审批功能。'],
    ],
    en: [
      ['Monthly usage report sent', "Sent this month's usage report to {contact}."],
      ['Shared best-practice guide', 'Sent dashboard templates used by peers in their industry.'],
      ['New feature announcement', 'Introduced the new workflow approvals feature.'],
    ],
  },
  visit: {
    cn: [
      ['现场拜访', '拜访{contact}及业务团队，了解明年数字化规划，对方有意扩大使用范围。'],
      ['客户现场走访', '现场观察一线员工使用情况，收集了 3 条改进建议。'],
    ],
    en: [
      [
        'On-site visit',
        "Visited {contact} and the business team to hear next year's plans; they want to widen the rollout.",
      ],
      ['Site walk-through', 'Watched front-line staff use the product; collected three improvement ideas.'],
    ],
  },
  qbr: {
    cn: [['{q} 业务回顾 QBR', '与{contact}回顾本季度目标达成情况：报表自动化节省约 {n} 小时/月；确认下季度成功计划。']],
    en: [
      [
        '{q} Business Review (QBR)',
        "Reviewed the quarter's goals with {contact}: report automation saves about {n} hours a month; agreed next quarter's success plan.",
      ],
    ],
  },
  expansion: {
    cn: [
      ['扩容需求', '{contact}计划将系统推广到新的业务线，预计新增 {n} 个席位。'],
      ['升级沟通', '客户对高级版的权限管理和 API 感兴趣，已安排演示。'],
    ],
    en: [
      ['Expansion request', '{contact} plans to roll out to another business unit, about {n} more seats.'],
      ['Upgrade discussion', 'Customer is interested in advanced permissions and the API; demo scheduled.'],
    ],
  },
  risk: {
    cn: [
      ['风险：使用量下降', '近一个月登录人数明显下降，{contact}表示团队忙于其他项目。需要重新激活。'],
      ['关键联系人变动', '原项目负责人已离职，新的对接人尚未明确。'],
      ['客户反馈预算收紧', '{contact}提到明年预算缩减，可能减少席位或不再续约。'],
      ['投诉：系统响应慢', '{contact}反映报表加载很慢，影响月底结账，情绪较大。'],
    ],
    en: [
      [
        'Risk: usage dropping',
        'Logins fell sharply this month; {contact} says the team is busy elsewhere. Needs re-engagement.',
      ],
      ['Champion left', 'Our project owner left the company; no new owner named yet.'],
      ['Budget pressure', '{contact} mentioned budget cuts next year; may reduce seats or not renew.'],
      ['Complaint: slow reports', '{contact} says reports load slowly during month-end close; quite frustrated.'],
    ],
  },
  churn: {
    cn: [
      ['客户确认不续约', '{contact}确认合同到期后不再续约，原因：转用自研系统。已记录流失原因。'],
      ['客户取消订阅', '客户因业务调整取消订阅，已安排数据导出。'],
    ],
    en: [
      [
        'Customer will not renew',
        '{contact} confirmed they will not renew: moving to an in-house tool. Churn reason recorded.',
      ],
      ['Subscription cancelled', 'Customer cancelled after a reorganisation; data export arranged.'],
    ],
  },
  winback: {
    cn: [['客户回流', '{contact}重新采购，新团队希望恢复使用，已安排重新启动培训。']],
    en: [['Customer is back', '{contact} has bought again; the new team wants to restart, re-onboarding scheduled.']],
  },
  handoff: {
    cn: [
      [
        '销售交接',
        '合同已签署，采购 {n} 个席位；客户期望一个月内上线，关键对接人{contact}。技术需求：SSO、企业微信通知。',
      ],
    ],
    en: [
      [
        'Sales handoff',
        'Contract signed for {n} seats; the customer wants to go live within a month, key contact {contact}. Needs SSO and Slack notifications.',
      ],
    ],
  },
  renewal: {
    cn: [['续约沟通', '与{contact}沟通续约方案，对方认可价值，预计按时续约。']],
    en: [
      ['Renewal discussion', 'Discussed renewal terms with {contact}; they see the value and expect to renew on time.'],
    ],
  },
};

export const TICKET_SUBJECTS: Record<Lang, readonly string[]> = {
  cn: [
    '导出 Excel 报表失败',
    '无法通过 SSO 登录',
    '看板加载很慢',
    '工作流没有按时触发',
    'API 返回 429 限流错误',
    '如何设置审批流程',
    '数据同步延迟',
    '新增用户收不到邀请邮件',
    '报表数字与财务系统不一致',
    '如何批量导入历史数据',
    '权限设置问题',
    '企业微信通知未送达',
    '移动端页面显示异常',
    '发票与合同信息咨询',
    '钉钉集成配置失败',
    '仪表盘筛选条件失效',
  ],
  en: [
    'Excel export fails',
    'Cannot sign in with SSO',
    'Dashboard loads slowly',
    'Workflow did not trigger',
    'API returns 429 rate-limit errors',
    'How to set up approvals',
    'Data sync delayed',
    'New users do not get the invite e-mail',
    'Report totals differ from finance system',
    'How to bulk-import history',
    'Permission settings question',
    'Slack notifications not delivered',
    'Mobile layout broken',
    'Invoice and contract question',
    'Salesforce integration fails',
    'Dashboard filters ignored',
  ],
};

export const NPS_COMMENTS: Record<'promoter' | 'passive' | 'detractor', Record<Lang, readonly string[]>> = {
  promoter: {
    cn: [
      '报表功能很好用，节省了大量时间',
      '客户成功团队非常专业，响应及时',
      '上线很顺利，业务部门都在用',
      '工作流自动化帮我们减少了很多重复劳动',
    ],
    en: [
      'Reports save us hours every week',
      'The customer success team is excellent',
      'Smooth rollout, the whole business uses it',
      'Workflow automation removed a lot of manual work',
    ],
  },
  passive: {
    cn: ['整体不错，希望移动端体验更好', '功能够用，但价格偏高', '希望有更多行业模板'],
    en: [
      'Good overall; the mobile app could be better',
      'Does the job, a bit pricey',
      'Would like more industry templates',
    ],
  },
  detractor: {
    cn: [
      '系统经常卡顿，影响月底结账',
      '客服响应太慢，问题拖了两周',
      '我们用不上这么多功能，性价比低',
      '数据对不上，团队不再信任报表',
    ],
    en: [
      'Slow during month-end, hurts our close',
      'Support took two weeks to answer',
      'We use a fraction of it; poor value for money',
      'Numbers do not match, the team stopped trusting reports',
    ],
  },
};
