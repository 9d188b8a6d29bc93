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

const MALE_CHARS = [...'伟强磊军勇杰涛明超斌鹏辉华刚平健俊峰浩宇翔波林东海志建国文龙飞鑫凯晨阳轩昊天博家豪荣德彬锋亮成杰嘉铭振宏'];
const FEMALE_CHARS = [...'芳娜敏静丽艳娟霞秀玲燕婷雪琳颖倩慧欣怡晶洁佳蕾萍红梅莉丹瑶妍琪璐薇晓月凤兰洁诗雅思'];
const CHILD_CHARS = [...'子梓轩浩宇涵欣怡一诺皓睿泽晨沐辰若依可安琪乐妍语嘉铭昊'];

export type Gender = 'male' | 'female';

export function pickSurname(rng: Rng): string {
  return SURNAMES.pick(rng);
}

function givenName(rng: Rng, chars: readonly string[], oneCharShare: number): string {
  const first = rng.pick(chars);
  if (rng.chance(oneCharShare)) return first;
  let second = rng.pick(chars);
  if (second === first && rng.chance(0.7)) second = rng.pick(chars);
  return first + second;
}

/** An adult's full name; about a third have a one-character given name. */
export function adultName(rng: Rng, gender: Gender, surname = pickSurname(rng)): string {
  return surname + givenName(rng, gender === 'male' ? MALE_CHARS : FEMALE_CHARS, 0.35);
}

export function childName(rng: Rng, surname: string): string {
  return surname + givenName(rng, CHILD_CHARS, 0.15);
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
