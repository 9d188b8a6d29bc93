// Feature dictionaries (each feature folder's i18n.ts), one line each.
// (features: zh imports)
import { zh as teamZh } from '../team/i18n';
import { zh as radarZh } from '../radar/i18n';
import { zh as dashboardZh } from '../dashboard/i18n';
import { zh as campaignsZh } from '../campaigns/i18n';
import { zh as rulesZh } from '../rules/i18n';
import { zh as syncZh } from '../sync/i18n';
import { zh as todayZh } from '../today/i18n';
import { zh as rosterZh } from '../roster/i18n';
import { zh as pointsZh } from '../points/i18n';
import { zh as cardsZh } from '../cards/i18n';
import { zh as appointmentsZh } from '../appointments/i18n';
import { zh as c360Zh } from '../customer/i18n';

export const zhCN = {
  app: { title: '留存助手', store: '门店' },
  nav: { today: '今日', customers: '客户', cards: '手写卡片', team: '团队', settings: '同步与设置', signOut: '切换用户' },
  firstRun: {
    title: '欢迎使用留存助手',
    subtitle: '这台电脑还没有门店数据。',
    demoTitle: '加载演示门店',
    demoBody: '生成一家虚构的4S店：{{count}} 位客户及其车辆、到店记录、偏好和家人信息，可以马上试用前台查询。',
    loadDemo: '加载演示门店',
    loadingDemo: '正在生成演示门店…',
    hqTitle: '连接总部',
    hqBody: '用总部提供的门店注册码连接，门店数据会自动同步下来。',
  },
  pick: { title: '请选择你的身份', subtitle: '{{store}} · 选择后即可开始工作', managers: '店长', advisors: '服务顾问' },
  role: { advisor: '服务顾问', manager: '店长' },
  search: {
    placeholder: '车牌、手机尾号、姓名或拼音',
    shortcut: 'Ctrl+K',
    noResults: '没有找到“{{query}}”',
    hint: '输入至少两个字母或数字；汉字一个即可',
    matchedBy: { plate: '车牌', phone: '手机', name: '姓名', pinyin: '拼音', initials: '首字母' },
  },
  tier: { normal: '普通', silver: '银卡', gold: '金卡', diamond: '钻石' },
  customer: {
    back: '返回',
    advisor: '专属顾问',
    noAdvisor: '未分配顾问',
    memberSince: '会员自',
    birthday: '生日',
    lunar: '农历',
    leap: '闰',
    phones: '电话',
    consent: '营销许可',
    consentYes: '已同意营销联系',
    consentNo: '未同意营销联系',
    doNotContact: '请勿联系',
    preferences: '偏好（到店前准备）',
    noPreferences: '还没有记录偏好。了解到客户喜好后记在这里，下次到店就能提前准备。',
    notedBy: '{{who}} 记录于 {{when}}',
    vehicles: '车辆',
    deliveredOn: '交车 {{date}}',
    mileage: '{{km}} 公里',
    newEnergy: '新能源',
    visits: '到店记录',
    noVisits: '还没有到店记录。',
    visitDate: '日期',
    visitType: '类型',
    visitMileage: '里程（公里）',
    amount: '金额',
    plate: '车牌',
    visitAdvisor: '顾问',
    free: '免费',
    loading: '正在打开客户…',
  },
  visitType: { maintenance: '保养', repair: '维修', warranty: '保修', inspection: '检测', bodywork: '钣喷', accessory: '精品加装', free_check: '免费检查', event: '活动' },
  prefCategory: { drink: '饮品', contact_channel: '联系方式', contact_time: '联系时间', lounge: '休息习惯', family: '家庭', hobby: '爱好', do_not_disturb: '勿扰', suggestion: '建议', other: '其他' },
  screens: {
    today: { title: '今日', body: '这里会列出你今天要做的事：到期和逾期的回访电话、本周要写的手写卡片、红灯黄灯客户及原因、今天到店客户的偏好。规则引擎上线后自动生成。' },
    customers: { title: '我的客户', body: '这里会列出分配给你的客户，可按等级、风险、最近到店和即将到来的生日筛选。现在可以用上方搜索框查找任何客户。' },
    cards: { title: '手写卡片', body: '这里会列出要写的生日卡、购车纪念日卡等，附上可以提到的车辆故事、偏好和家人，并可打印本周卡片。' },
    team: { title: '团队', body: '店长在这里查看每位顾问的跟进完成和逾期情况、风险雷达和留存指标，并可重新分配客户、导出 Excel。' },
  },
  settings: {
    title: '同步与设置',
    language: '界面语言',
    store: '当前门店',
    sync: '总部同步',
    signedInAs: '当前用户',
  },
  errors: {
    validation: '输入有误：{{field}}',
    not_found: '没有找到这条记录',
    // The core's message is English: the Chinese screen says what happened in its own words.
    conflict: '操作冲突：{{field}}已被改动或已处理过（可能是同事或另一台电脑），请刷新后再试',
    conflictReason: {
      update_needed: '总部已使用新的同步版本：请先升级本应用',
      already_earned: '这笔积分已经入过账了',
      already_booked: '这位客户当天已有预约',
      full: '这个时段已约满，请换一个时段',
      not_today: '这个预约不是今天的，不能登记到店',
      connected: '这台电脑已连接总部，门店数据正在下载，不能再载入演示门店',
    },
    moved: '总部在另一个地址应答：{{to}}。请用这个地址连接',
    tooLarge: '一次改动涉及 {{rows}} 条记录，超过上限 {{max}} 条，什么都没有保存：请分批处理',
    bound: {
      max: { array: '{{field}}：一次最多 {{limit}} 项，请减少后再试', string: '{{field}}：最多 {{limit}} 个字', number: '{{field}}：不能大于 {{limit}}' },
      min: { array: '{{field}}：至少要有 {{limit}} 项', string: '{{field}}：至少 {{limit}} 个字', number: '{{field}}：不能小于 {{limit}}' },
      required: { array: '请至少选择一项：{{field}}', string: '请填写：{{field}}' },
    },
    forbidden: '没有权限执行此操作',
    offline: '与本机核心服务的连接已断开，请重新打开应用',
    internal: '出了点问题，数据没有被修改。请重试',
  },
  /** Field names the core reports in `details.field`, as the user reads them. */
  fields: {
    value: '内容', category: '类别', channel: '联系方式', purpose: '目的', outcome: '结果', note: '备注', nextStep: '下一步', nextDate: '下次跟进日期',
    score: '评分', comment: '客户原话', surveyedOn: '回访日期', summary: '投诉内容', openedOn: '提出日期', resolution: '处理结果', resolvedOn: '解决日期',
    id: '记录', customerId: '客户', customerIds: '客户', choice: '选择', marketingConsent: '营销许可', doNotContact: '请勿联系',
    advisorId: '顾问', date: '日期', time: '时段', from: '开始日期', to: '结束日期', until: '推迟到', snoozedUntil: '推迟到', reason: '原因',
    points: '积分', forWhat: '兑换项目', toCustomerId: '转入客户', visitId: '到店记录', vehicleId: '车辆', taskId: '任务', status: '状态',
    hqUrl: '总部地址', code: '设备注册码', deviceName: '设备名称', churnReason: '不来的原因', relation: '关系',
    staffId: '员工', query: '搜索内容', language: '语言', role: '角色', session: '登录', verb: '操作',
    toAdvisorId: '新顾问', name: '名称', benefit: '客户得到什么', audience: '面向', tiers: '等级', kind: '类型', startsOn: '开始日期', endsOn: '结束日期', acknowledgeLoyalWarning: '老客户提醒',
  },
  common: { retry: '重试', loading: '加载中…' },
  // (features: zh entries)
  team: teamZh,
  radar: radarZh,
  dashboard: dashboardZh,
  campaigns: campaignsZh,
  rules: rulesZh,
  sync: syncZh,
  today: todayZh,
  roster: rosterZh,
  points: pointsZh,
  cards: cardsZh,
  appointments: appointmentsZh,
  c360: c360Zh,
} as const;
