import type { PreferenceCategory } from '../../../shared/domain/types';
import { Rng, Weighted } from './rng';

/** Chinese free text an advisor would really write: addresses, preferences, complaints, survey comments. */

const GZ_DISTRICTS = ['天河区', '越秀区', '海珠区', '荔湾区', '白云区', '黄埔区', '番禺区', '花都区', '增城区', '南沙区'];
const GZ_ROADS = ['天河路', '体育西路', '中山大道西', '黄埔大道中', '广州大道北', '天河北路', '员村二横路', '科韵路', '东圃大马路', '岑村路', '江南大道中', '工业大道', '环市东路', '白云大道北', '番禺大道北'];
const ESTATES = ['华景新城', '骏景花园', '汇景新城', '珠江新城', '天河公园壹号', '保利中环广场', '富力天域', '碧桂园', '星汇云锦', '金碧世纪花园'];

export function gzAddress(rng: Rng): string {
  return `广州市${rng.pick(GZ_DISTRICTS)}${rng.pick(GZ_ROADS)}${rng.int(1, 899)}号${rng.pick(ESTATES)}${rng.int(1, 30)}栋${rng.int(2, 33)}0${rng.int(1, 6)}`;
}

export const PREFERENCE_PICK = new Weighted<PreferenceCategory>([
  ['drink', 30], ['contact_time', 14], ['contact_channel', 10], ['lounge', 12], ['hobby', 12], ['family', 8],
  ['do_not_disturb', 5], ['suggestion', 7], ['other', 2],
]);

const PREFERENCE_VALUES: Record<PreferenceCategory, readonly string[]> = {
  drink: ['大杯美式不加糖', '拿铁少糖', '绿茶', '温水', '普洱茶', '铁观音', '菊花茶', '柠檬水', '热牛奶', '矿泉水常温', '不喝饮料'],
  contact_time: ['10点前不要打电话', '午休12-14点不接电话', '只在周末联系', '晚上8点后方便', '工作日下午3点后'],
  contact_channel: ['优先微信联系', '只接电话，不看短信', '微信语音即可', '发短信，不方便接电话'],
  lounge: ['喜欢在休息区用笔记本办公', '等车时喜欢看财经杂志', '带小孩，需要儿童区', '喜欢安静的角落位置', '通常不等车，送修后离店', '喜欢和技师聊车况'],
  hobby: ['钓鱼', '自驾游', '羽毛球', '高尔夫', '摄影', '喝茶', '跑步', '露营', '广东粤剧', '足球'],
  family: ['太太也开我们店的车', '有两个小孩，周末常带家人出游', '父母同住，常接送老人', '女儿在读高中', '儿子刚上幼儿园'],
  do_not_disturb: ['不要推销保险', '不参加车主活动', '不接受上门拜访'],
  suggestion: ['休息区增加充电插座', '希望保养可以线上预约时段', '建议增加夜间取送车服务', '洗车排队太久，希望增加工位', '希望结算单写清楚工时费', '建议休息区提供无糖饮品'],
  other: ['车上常放婴儿座椅', '对车漆特别在意', '习惯用原厂机油'],
};

export function preferenceValue(rng: Rng, category: PreferenceCategory): string {
  return rng.pick(PREFERENCE_VALUES[category]);
}

export const COMPLAINTS = [
  '保养等待时间超过3小时',
  '维修后异响仍未解决',
  '结算金额与报价不符',
  '洗车后车内有污渍',
  '预约后到店仍需排队',
  '服务顾问未按约定回电',
  '更换配件未事先告知',
  '钣喷颜色有色差',
];
export const RESOLUTIONS = ['致电道歉并赠送一次免费洗车', '返修完成，客户确认满意', '退还差价并说明收费明细', '店长上门拜访，赠送保养券', '安排专属顾问跟进'];

export const GOOD_COMMENTS = ['服务很周到', '顾问很专业', '休息区舒适', '速度快，价格透明', '咖啡不错', '技师讲解清楚'];
export const BAD_COMMENTS = ['等待太久', '价格偏贵', '问题没有一次修好', '沟通不够及时', '态度一般'];

export const REDEEM_NOTES = ['积分抵扣保养费用', '积分兑换机油滤芯', '积分兑换洗车套餐', '积分抵扣配件费用'];
