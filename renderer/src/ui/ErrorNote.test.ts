import { describe, expect, it } from 'vitest';
import { i18next } from '../i18n';
import { errorText } from './ErrorNote';

const zh = i18next.getFixedT('zh-CN');
const en = i18next.getFixedT('en');
const latin = /[A-Za-z]{3,}/;

describe('desk errors in the user\'s language', () => {
  it('never shows the core\'s English message on the Chinese screen', () => {
    const conflicts = [
      { code: 'conflict' as const, message: 'complaint c-1 was resolved meanwhile', details: { field: 'id' } },
      { code: 'conflict' as const, message: 'The task was changed by someone else; reload', details: { field: 'taskId' } },
      { code: 'conflict' as const, message: 'HQ runs another sync version: update this app first', details: { field: 'hqUrl', reason: 'update_needed' } },
      { code: 'conflict' as const, message: 'visit v-1 has already earned points', details: { field: 'visitId', reason: 'already_earned' } },
    ];
    for (const e of conflicts) expect(errorText(e, zh), e.message).not.toMatch(latin);
    expect(errorText(conflicts[1]!, zh)).toContain('任务');
    expect(errorText(conflicts[2]!, zh)).toBe('总部已使用新的同步版本：请先升级本应用');
  });

  it('says a change too large to push in words, with its size', () => {
    const e = { code: 'validation' as const, message: 'This change touches 6000 records', details: { field: 'customerIds', rule: 'too_large', rows: 6000, max: 5000 } };
    expect(errorText(e, zh)).toBe('一次改动涉及 6000 条记录，超过上限 5000 条，什么都没有保存：请分批处理');
    expect(errorText(e, en)).toContain('6000 records');
  });

  it('says the limit an input crossed: too many customers chosen, a text too long, a field left empty', () => {
    const tooMany = { code: 'validation' as const, message: 'Too big', details: { field: 'customerIds', bound: 'max', limit: 3000, of: 'array' } };
    expect(errorText(tooMany, zh)).toBe('客户：一次最多 3,000 项，请减少后再试');
    expect(errorText(tooMany, en)).toBe('customers: at most 3,000 at once; choose fewer and try again');
    expect(errorText({ code: 'validation', message: 'x', details: { field: 'note', bound: 'max', limit: 500, of: 'string' } }, zh)).toMatch(/最多 500 个字$/);
    expect(errorText({ code: 'validation', message: 'x', details: { field: 'resolvedOn', bound: 'min', limit: 1, of: 'string' } }, zh)).toBe('请填写：解决日期');
    // A limit of something else (a date, a set) keeps the plain message.
    expect(errorText({ code: 'validation', message: 'x', details: { field: 'resolvedOn', bound: 'max', limit: 1, of: 'date' } }, zh)).toBe('输入有误：解决日期');
  });

  it('names the field of any other validation error', () => {
    expect(errorText({ code: 'validation', message: 'x', details: { field: 'resolvedOn' } }, zh)).toBe('输入有误：解决日期');
  });
});
