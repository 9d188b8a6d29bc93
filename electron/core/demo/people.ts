import { Rng, Weighted } from './rng';

/**
 * Chinese names as a Guangzhou dealership sees them: common surnames weighted by
 * frequency (陈, 黄, 梁, 林 ranked higher than nationally), a few compound or
 * polyphone surnames (欧阳, 司马, 曾, 单, 区, 解), and given names of one or two
 * characters, so short names such as 王伟 or 陈静 recur across customers.
 */
const SURNAMES = new Weighted<string>([
  ['陈', 9.0], ['李', 7.5], ['黄', 6.0], ['张', 6.0], ['王', 6.0], ['刘', 5.0], ['梁', 4.0], ['林', 4.0],
  ['吴', 3.0], ['杨', 3.0], ['罗', 2.6], ['何', 2.4], ['郑', 2.2], ['周', 2.0], ['赵', 1.8], ['谢', 1.8],
  ['郭', 1.5], ['邓', 1.5], ['冯', 1.4], ['叶', 1.4], ['曾', 1.4], ['徐', 1.3], ['孙', 1.2], ['朱', 1.2],
  ['胡', 1.2], ['马', 1.1], ['高', 1.0], ['苏', 1.0], ['蔡', 1.0], ['卢', 1.0], ['潘', 0.9], ['钟', 0.9],
  ['彭', 0.8], ['许', 0.8], ['邱', 0.8], ['余', 0.8], ['唐', 0.7], ['韩', 0.6], ['曹', 0.6], ['袁', 0.6],
  ['谭', 0.7], ['廖', 0.7], ['麦', 0.5], ['莫', 0.5], ['关', 0.5], ['江', 0.5], ['温', 0.5], ['邝', 0.3],
  ['宋', 0.5], ['田', 0.4], ['董', 0.4], ['蒋', 0.4], ['杜', 0.4], ['程', 0.4], ['魏', 0.4], ['吕', 0.4],
  ['丁', 0.4], ['沈', 0.4], ['姚', 0.4], ['汪', 0.3], ['方', 0.3], ['石', 0.3], ['熊', 0.3], ['雷', 0.3],
  ['欧阳', 0.35], ['司马', 0.05], ['上官', 0.04], ['诸葛', 0.03], ['单', 0.12], ['区', 0.15], ['解', 0.06],
  ['仇', 0.05], ['查', 0.05], ['覃', 0.1], ['翟', 0.08],
]);

// Given names as they are really given: common one-character names (which make
// short, colliding full names like 王伟), and popular two-character ones, with
// Cantonese favourites (家豪, 嘉欣, 咏诗) next to the national ones.
const MALE_GIVEN = words(
  '伟 强 磊 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 鑫 波 宇 浩 峰 亮 龙 健 俊 林 东 文 斌 彬 ' +
    '建华 建国 志强 志明 俊杰 文杰 家豪 子轩 浩然 宇航 晓东 国强 海涛 永强 伟明 建军 德华 振华 国华 建平 ' +
    '卫东 立新 文斌 志伟 俊峰 晓明 嘉诚 家俊 锦辉 伟强 启明 耀华 国栋 少华 文辉 振宇 浩宇 梓豪 俊熙 天佑 ' +
    '嘉豪 子豪 伟文 锦荣 永康 伟雄 志坚 国良 汉文 展鹏 宏伟 志刚 晓峰 明辉 家乐 卓轩 铭 诚 坚 毅',
);
const FEMALE_GIVEN = words(
  '芳 娜 敏 静 丽 艳 娟 霞 燕 婷 雪 琳 颖 倩 慧 欣 怡 洁 佳 玲 红 梅 萍 丹 莉 蕾 薇 ' +
    '秀英 桂英 秀兰 玉兰 丽华 美玲 晓燕 丽娟 海燕 雪梅 婷婷 静怡 欣怡 诗琪 梓涵 思颖 嘉欣 慧敏 晓敏 淑芬 ' +
    '美华 凤仪 咏诗 颖欣 晓琳 丽君 玉珍 少芳 秀珍 翠华 惠芳 雅婷 佩珊 嘉怡 紫琪 雨欣 可欣 晓红 春梅 小燕 ' +
    '晓雯 文静 丽萍 美玲 凤英 月华 玉梅 洁仪 宝仪 咏欣 碧珊 慧琳 思琪',
);
const CHILD_GIVEN = words(
  '子轩 梓涵 浩宇 欣怡 一诺 皓轩 睿泽 雨桐 梓睿 诗涵 可馨 沐辰 若汐 思远 嘉乐 语桐 梓豪 乐妍 俊熙 芷晴 ' +
    '子墨 一航 悦 朵朵 乐 安 琪 睿',
);

function words(text: string): string[] {
  return text.split(' ').filter(Boolean);
}

export type Gender = 'male' | 'female';

export function pickSurname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

/** An adult's full name. */
export function adultName(rng: Rng, gender: Gender, surname = pickSurname(rng)): string {
  return surname + rng.pick(gender === 'male' ? MALE_GIVEN : FEMALE_GIVEN);
}

export function childName(rng: Rng, surname: string): string {
  return surname + rng.pick(CHILD_GIVEN);
}

export const STAFF: readonly { name: string; role: 'advisor' | 'manager'; weight: number }[] = [
  { name: '李志强', role: 'advisor', weight: 1.3 },
  { name: '陈静', role: 'advisor', weight: 1.2 },
  { name: '黄俊杰', role: 'advisor', weight: 1.1 },
  { name: '梁晓敏', role: 'advisor', weight: 1.0 },
  { name: '林浩', role: 'advisor', weight: 1.0 },
  { name: '张婷婷', role: 'advisor', weight: 0.9 },
  { name: '欧阳凯', role: 'advisor', weight: 0.8 },
  { name: '吴佳琪', role: 'advisor', weight: 0.7 },
  { name: '何国华', role: 'manager', weight: 0 },
];

/** Index into the advisor list (STAFF minus the manager), weighted by workload. */
export const ADVISOR_PICK = new Weighted<number>(
  STAFF.filter((s) => s.role === 'advisor').map((s, i) => [i, s.weight] as const),
);
