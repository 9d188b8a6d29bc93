import type { Shape } from '../i18n/shape';

/** Risk radar (风险雷达): green / yellow / red for the store and per advisor, the reasons, red without a win-back plan. */
export const zh = {
  title: '风险雷达',
  loading: '正在统计风险…',
  store: '全店',
  flag: { red: '红灯', yellow: '黄灯', green: '绿灯' },
  count: '{{count}} 位',
  share: '{{share}}',
  perAdvisor: '按顾问',
  col: { advisor: '顾问', customers: '客户', red: '红灯', yellow: '黄灯', green: '绿灯', redShare: '红灯占比', mix: '构成', winBack: '未启动挽回' },
  filterAdvisor: '只看 {{name}}',
  allAdvisors: '全部顾问',
  reasons: {
    title: '风险原因',
    hint: '红灯和黄灯客户的原因（一位客户可能有多个原因）',
    daysSincePurchase: '长时间未消费',
    satisfaction: '满意度低',
    complaint: '有投诉（未解决或近期）',
    col: { reason: '原因', red: '红灯客户', yellow: '黄灯客户' },
  },
  noAdvisor: '未分配顾问',
  winBack: {
    title: '没有启动挽回计划的红灯客户',
    hint: '这些客户已是红灯，但还没有挽回计划任务（专属优惠 + 上门拜访）。点客户打开详情。',
    none: '所有红灯客户都已启动挽回计划。',
    count: '{{count}} 位',
    col: { name: '姓名', tier: '等级', advisor: '顾问', reason: '原因', lastVisit: '最近到店' },
    more: '再显示 {{count}} 位',
  },
  export: '导出名单 Excel',
};

export const en: Shape<typeof zh> = {
  title: 'Risk radar',
  loading: 'Counting the risks…',
  store: 'Whole store',
  flag: { red: 'Red', yellow: 'Yellow', green: 'Green' },
  count: '{{count}}',
  share: '{{share}}',
  perAdvisor: 'Per advisor',
  col: { advisor: 'Advisor', customers: 'Customers', red: 'Red', yellow: 'Yellow', green: 'Green', redShare: 'Red share', mix: 'Mix', winBack: 'No win-back' },
  filterAdvisor: 'Only {{name}}',
  allAdvisors: 'All advisors',
  reasons: {
    title: 'Why',
    hint: 'Reasons behind red and yellow customers (a customer can have several)',
    daysSincePurchase: 'Long without a purchase',
    satisfaction: 'Low satisfaction',
    complaint: 'Complaint (open or recent)',
    col: { reason: 'Reason', red: 'Red customers', yellow: 'Yellow customers' },
  },
  noAdvisor: 'No advisor',
  winBack: {
    title: 'Red customers with no win-back plan started',
    hint: 'These customers are red but have no win-back task yet (exclusive offer + home visit). Click one to open them.',
    none: 'Every red customer has a win-back plan started.',
    count: '{{count}}',
    col: { name: 'Name', tier: 'Tier', advisor: 'Advisor', reason: 'Why', lastVisit: 'Last visit' },
    more: 'Show {{count}} more',
  },
  export: 'Export list (Excel)',
};
