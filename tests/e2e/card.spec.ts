import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, screenshot, SCREENSHOTS, startDemoDesk } from './support/app';

/**
 * The text of a PDF Chromium printed, page by page: each content stream decoded through the
 * ToUnicode map of the font it selects (Skia splits a CJK font into many one-byte subsets).
 */
function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const objects = new Map<number, { dict: string; stream: string | null }>();
  for (const m of raw.matchAll(/(\d+) 0 obj\s*([\s\S]*?)endobj/g)) {
    const body = m[2]!;
    const at = body.search(/stream\r?\n/);
    let stream: string | null = null;
    if (at >= 0) {
      const from = m.index! + m[0].indexOf(body) + at + (/stream\r\n/.test(body.slice(at, at + 8)) ? 8 : 7);
      const to = raw.indexOf('endstream', from);
      try {
        stream = inflateSync(pdf.subarray(from, to)).toString('latin1');
      } catch {
        stream = null; // images, font programs
      }
    }
    objects.set(Number(m[1]), { dict: at >= 0 ? body.slice(0, at) : body, stream });
  }
  const cmapOf = (fontObj: number) => {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(objects.get(fontObj)?.dict ?? '');
    const text = ref ? (objects.get(Number(ref[1]))?.stream ?? '') : '';
    const map = new Map<string, string>();
    const unicode = (h: string) => String.fromCodePoint(...(h.match(/.{4}/g) ?? []).map((x) => parseInt(x, 16)));
    for (const [block] of text.matchAll(/beginbfchar[\s\S]*?endbfchar/g)) {
      for (const [, from, to] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(from!.toUpperCase(), unicode(to!));
    }
    for (const [block] of text.matchAll(/beginbfrange[\s\S]*?endbfrange/g)) {
      for (const [, lo, hi, to] of block.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
        for (let g = parseInt(lo!, 16), u = parseInt(to!, 16); g <= parseInt(hi!, 16); g++, u++) map.set(g.toString(16).toUpperCase().padStart(lo!.length, '0'), String.fromCodePoint(u));
      }
    }
    const width = /<([0-9A-Fa-f]+)>\s*<[0-9A-Fa-f]+>\s*endcodespacerange/.exec(text)?.[1]?.length ?? 4;
    return { map, width };
  };
  const pages: string[] = [];
  for (const { dict } of objects.values()) {
    if (!/\/Type \/Page\b(?!s)/.test(dict)) continue;
    const fonts = new Map([...dict.matchAll(/\/(F\d+) (\d+) 0 R/g)].map(([, name, obj]) => [name!, cmapOf(Number(obj))]));
    const contents = /\/Contents (\d+) 0 R/.exec(dict);
    const stream = contents ? (objects.get(Number(contents[1]))?.stream ?? '') : '';
    let font: { map: Map<string, string>; width: number } | undefined;
    let text = '';
    for (const [, name, hex] of stream.matchAll(/\/(F\d+) [\d.]+ Tf|<([0-9A-Fa-f]*)>/g)) {
      if (name) font = fonts.get(name);
      else if (font && hex) text += (hex.match(new RegExp(`.{${font.width}}`, 'g')) ?? []).map((g) => font!.map.get(g.toUpperCase()) ?? '').join('');
    }
    pages.push(text);
  }
  // A glyph shared with a Kangxi radical maps back to the radical (⽯ for 石): NFKC folds them.
  return pages.join('\n').normalize('NFKC');
}

/** SQL (over customers c): a card may go to this customer by post: an address, consent for mail, no do-not-contact. */
const MAILABLE = `(c.do_not_contact = 0 AND trim(coalesce(c.address, '')) <> ''
  AND coalesce((SELECT x.allowed FROM customer_channel_consents x WHERE x.customer_id = c.id AND x.channel = 'mail'), c.marketing_consent) = 1)`;

/** Where the print sheet of the week (2026-11-24: from 11-17 to 11-30) puts three of an advisor's customers. */
const NO_CONSENT_ADDRESS = '体育西路 191 号测试花园';
const MAIL_ADDRESS = '天河路 385 号测试大厦';

/**
 * Three of the advisor's customers with open cards on this week's sheet, made into the three ways a card
 * goes: one without marketing consent (an address on file, no choice for mail), one with consent but no
 * address, one with both. Returns one card of each.
 */
function deliveryCases(sqlite: DemoSqlite, advisorId: string) {
  const customers = sqlite
    .prepare(
      `SELECT r.customer_id AS customerId, min(r.id) AS cardId, c.name FROM card_reminders r JOIN customers c ON c.id = r.customer_id
       WHERE r.advisor_id = ? AND r.status IN ('to_write', 'written') AND r.due_date BETWEEN '2026-11-17' AND '2026-11-30' AND c.do_not_contact = 0
         AND NOT EXISTS (SELECT 1 FROM card_reminders r2 JOIN customers c2 ON c2.id = r2.customer_id WHERE r2.advisor_id = r.advisor_id AND c2.name = c.name AND c2.id <> c.id
           AND r2.status IN ('to_write', 'written') AND r2.due_date BETWEEN '2026-11-17' AND '2026-11-30')
       GROUP BY r.customer_id ORDER BY min(r.due_date), r.customer_id LIMIT 3`,
    )
    .all(advisorId) as { customerId: string; cardId: string; name: string }[];
  expect(customers, 'three customers with cards this week').toHaveLength(3);
  const [noConsent, noAddress, mailable] = customers as [(typeof customers)[0], (typeof customers)[0], (typeof customers)[0]];
  const set = (id: string, consent: 0 | 1, address: string | null) => {
    sqlite.prepare("DELETE FROM customer_channel_consents WHERE customer_id = ? AND channel = 'mail'").run(id);
    sqlite.prepare("UPDATE customers SET marketing_consent = ?, address = ?, city = '广州' WHERE id = ?").run(consent, address, id);
  };
  set(noConsent.customerId, 0, NO_CONSENT_ADDRESS);
  set(noAddress.customerId, 1, null);
  set(mailable.customerId, 1, MAIL_ADDRESS);
  return { noConsent, noAddress, mailable };
}

/** A customer's card on the print sheet (their name is theirs alone on this week's sheet: deliveryCases). */
function onSheet(page: Page, name: string) {
  return page.getByTestId('print-sheet').getByTestId('sheet-card').filter({ has: page.locator('.sheet-name').getByText(name, { exact: true }) }).first();
}
type DemoSqlite = Awaited<ReturnType<typeof startDemoDesk>>['core']['context']['database']['sqlite'];

describe('cards: write a card, mark it mailed, print the week’s sheet (and save it as PDF)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser.close();
  });

  it('advisor in Chinese: queue with prompts -> written -> mailed -> A4 sheet -> PDF with the cards', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    const sqlite = desk.core.context.database.sqlite;
    try {
      // A child of one of the advisor's customers turns 8 on 12-08: the card is due 12-01 (after this fortnight's print sheet).
      const parent = sqlite.prepare('SELECT id, store_id FROM customers WHERE advisor_id = ? AND deleted_at IS NULL AND do_not_contact = 0 ORDER BY id LIMIT 1').get(desk.staff.id) as { id: string; store_id: string };
      sqlite
        .prepare("INSERT INTO family_members (id, store_id, customer_id, relation, name, birthday_calendar, birth_date, created_at, updated_at) VALUES ('kid-e2e', ?, ?, 'child', '小宝', 'solar', '2018-12-08', 'x', 'x')")
        .run(parent.store_id, parent.id);
      await desk.core.context.planner.runAll();
      const mine = sqlite
        .prepare("SELECT r.id, c.name FROM card_reminders r JOIN customers c ON c.id = r.customer_id WHERE r.advisor_id = ? AND r.status = 'to_write' AND r.due_date <= '2026-12-01' ORDER BY r.due_date, r.occasion_date, c.name, r.id")
        .all(desk.staff.id) as { id: string; name: string }[];
      expect(mine.length).toBeGreaterThan(2);

      await page.locator('.sidebar').getByRole('button', { name: '手写卡片', exact: true }).click();
      await page.getByTestId('cards-screen').waitFor();
      await expect.poll(() => page.getByTestId('card-row').count()).toBe(mine.length);
      await screenshot(page, 'cpa-cards-zh');
      // A child's birthday card offers the child-seat check (DOMAIN.md); no other card does.
      const childCards = sqlite.prepare("SELECT id FROM card_reminders WHERE advisor_id = ? AND status = 'to_write' AND due_date <= '2026-12-01' AND occasion = 'child_birthday'").pluck().all(desk.staff.id) as string[];
      expect(childCards.length).toBeGreaterThan(0);
      expect(await page.getByTestId('child-seat').count()).toBe(childCards.length);
      for (const id of childCards) await page.locator(`[data-card="${id}"]`).getByText('免费儿童安全座椅检查').waitFor();

      // Write the first card that may go by post (an address, consent for mail), then mail it: keyboard (focus + Enter) on the row's buttons.
      const card = mine.find((m) => sqlite.prepare(`SELECT ${MAILABLE} FROM card_reminders r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?`).pluck().get(m.id) === 1)!;
      expect(card, 'the demo store has customers a card can be mailed to').toBeDefined();
      const row = page.locator(`[data-card="${card.id}"]`);
      await expect.poll(() => row.getByTestId('card-status').textContent()).toBe('待写');
      await row.getByText('可以提到').waitFor();
      await row.locator('[data-action="written"]').focus();
      await page.keyboard.press('Enter');
      await expect.poll(() => row.getByTestId('card-status').textContent()).toBe('已写好，待寄出');
      await screenshot(page, 'cpa-cards-written-zh');
      await row.locator('[data-action="mailed"]').click();
      await expect.poll(() => row.count()).toBe(0); // a mailed card leaves the open queue
      const saved = sqlite.prepare('SELECT status, written_at IS NOT NULL AS w, sent_at IS NOT NULL AS s, updated_by FROM card_reminders WHERE id = ?').get(card.id);
      expect(saved).toEqual({ status: 'mailed', w: 1, s: 1, updated_by: desk.staff.id });
      expect(sqlite.prepare("SELECT count(*) FROM audit_log WHERE entity = 'card_reminder' AND entity_id = ?").pluck().get(card.id)).toBe(2);

      // A customer without consent to marketing contact: the card is handed over when they come in, never mailed.
      const noConsent = mine.find((m) => sqlite.prepare("SELECT marketing_consent = 0 AND NOT EXISTS (SELECT 1 FROM customer_channel_consents x WHERE x.customer_id = c.id AND x.channel = 'mail') FROM card_reminders r JOIN customers c ON c.id = r.customer_id WHERE r.id = ?").pluck().get(m.id) === 1);
      expect(noConsent, 'the demo store has customers without marketing consent').toBeDefined();
      const handOnly = page.locator(`[data-card="${noConsent!.id}"]`);
      await handOnly.locator('[data-action="written"]').click();
      await handOnly.getByTestId('card-delivery').getByText('客户未同意营销联系，不能邮寄：到店时当面交给').waitFor();
      expect(await handOnly.locator('[data-action="mailed"]').count()).toBe(0);
      await handOnly.locator('[data-action="handed_over"]').click();
      await expect.poll(() => handOnly.count()).toBe(0);
      expect(sqlite.prepare('SELECT status FROM card_reminders WHERE id = ?').pluck().get(noConsent!.id)).toBe('handed_over');

      // Skipping needs a reason: an empty one is refused naming it.
      const second = page.locator(`[data-card="${mine.find((m) => m !== card && m !== noConsent)!.id}"]`);
      await second.locator('[data-action="skip"]').click();
      await second.getByRole('button', { name: '确认跳过' }).click();
      await second.getByText('请写明跳过的原因').waitFor();
      await second.getByPlaceholder('例如：客户近期在外地，改为电话问候').press('Escape');

      // The print sheet: this week's open cards with address and prompts; the Print button calls window.print().
      await page.getByTestId('cards-print').click();
      await page.getByTestId('print-sheet').waitFor();
      const open = sqlite
        .prepare("SELECT c.name FROM card_reminders r JOIN customers c ON c.id = r.customer_id WHERE r.advisor_id = ? AND r.status IN ('to_write', 'written') AND r.due_date BETWEEN '2026-11-17' AND '2026-11-30'")
        .all(desk.staff.id) as { name: string }[];
      await expect.poll(() => page.getByTestId('sheet-card').count()).toBe(open.length);
      await screenshot(page, 'cpa-print-sheet-zh');
      await page.evaluate(() => {
        (window as unknown as { printed: number }).printed = 0;
        window.print = () => void ((window as unknown as { printed: number }).printed += 1);
      });
      await page.getByTestId('print-button').click();
      expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);

      // On paper the app's chrome is gone.
      await page.emulateMedia({ media: 'print' });
      expect(await page.locator('.sidebar').isVisible()).toBe(false);
      expect(await page.locator('.topbar').isVisible()).toBe(false);
      await page.screenshot({ path: join(SCREENSHOTS, 'cpa-print-media-zh.png'), fullPage: true });

      // Saved as PDF (what 'Save as PDF' in the print dialog writes), still with print media.
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      await page.emulateMedia({ media: null });
      writeFileSync(join(SCREENSHOTS, 'cpa-cards-week.pdf'), pdf);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const pages = Number(/\/Type\s*\/Pages[^>]*?\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? /\/Count\s+(\d+)/.exec(pdf.toString('latin1'))?.[1] ?? 0);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(open.length / 4));
      const text = pdfText(pdf);
      for (const { name } of open) expect(text, `${name} on the PDF`).toContain(name);
      expect(text).toContain('可以提到');
      expect(text).toContain('最晚书写日');
      expect(text).toContain('农历');
    } finally {
      await desk.close();
    }
  });

  it('a manager sees every advisor’s cards in English, and the sheet reads in English', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3, as: 'manager', language: 'en' });
    const { page } = desk;
    try {
      const all = desk.core.context.database.sqlite.prepare("SELECT count(*) FROM card_reminders WHERE status IN ('to_write', 'written') AND due_date <= '2026-12-01'").pluck().get() as number;
      await page.locator('.sidebar').getByRole('button', { name: 'Cards', exact: true }).click();
      await expect.poll(() => page.locator('.cards-count').textContent()).toContain(`${all} cards`);
      await screenshot(page, 'cpa-cards-en');
      const advisor = await page.getByTestId('cards-advisor').locator('option').nth(1).getAttribute('value');
      await page.getByTestId('cards-advisor').selectOption(advisor!);
      const one = desk.core.context.database.sqlite.prepare("SELECT count(*) FROM card_reminders WHERE status IN ('to_write', 'written') AND due_date <= '2026-12-01' AND advisor_id = ?").pluck().get(advisor) as number;
      await expect.poll(() => page.getByTestId('card-row').count()).toBe(one);
      // The sheet prints the advisor chosen in the queue.
      await page.getByTestId('cards-print').click();
      const onSheet = desk.core.context.database.sqlite
        .prepare("SELECT count(*) FROM card_reminders WHERE status IN ('to_write', 'written') AND due_date BETWEEN '2026-11-17' AND '2026-11-30' AND advisor_id = ?")
        .pluck()
        .get(advisor) as number;
      await expect.poll(() => page.getByTestId('sheet-card').count()).toBe(onSheet);
      await screenshot(page, 'cpa-print-sheet-en');
    } finally {
      await desk.close();
    }
  });
  it('no address: once the card is written the next step is handing it over (the primary button); it cannot be mailed', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    try {
      const { noAddress } = deliveryCases(desk.core.context.database.sqlite, desk.staff.id);
      await page.locator('.sidebar').getByRole('button', { name: '手写卡片', exact: true }).click();
      await page.getByTestId('cards-screen').waitFor();
      const row = page.locator(`[data-card="${noAddress.cardId}"]`);
      await row.locator('[data-action="written"]').click();
      await row.locator('[data-action="handed_over"]').waitFor();
      expect(await row.locator('.card-actions button.primary').getAttribute('data-action')).toBe('handed_over');
      expect(await row.locator('[data-action="mailed"]').count()).toBe(0);
      expect(await row.getByTestId('card-status').textContent()).toBe('已写好，待当面交给');
      expect(await row.getByTestId('card-delivery').textContent()).toBe('没有地址，不能邮寄：到店时当面交给');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-card-no-address-zh');
      await row.locator('[data-action="handed_over"]').click();
      await expect.poll(() => row.count()).toBe(0);
      expect(desk.core.context.database.sqlite.prepare('SELECT status FROM card_reminders WHERE id = ?').pluck().get(noAddress.cardId)).toBe('handed_over');
    } finally {
      await desk.close();
    }
  });

  it('the printed sheet: a card that cannot go by post (no consent for mail, no address) says to hand it over, with no recipient address and no "mailed" box', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3 });
    const { page } = desk;
    try {
      const { noConsent, noAddress, mailable } = deliveryCases(desk.core.context.database.sqlite, desk.staff.id);
      await page.locator('.sidebar').getByRole('button', { name: '手写卡片', exact: true }).click();
      await page.getByTestId('cards-screen').waitFor();

      // The sheet: a card that cannot be mailed says to hand it over, with no address as a recipient and no "mailed" box.
      await page.getByTestId('cards-print').click();
      await page.getByTestId('print-sheet').waitFor();
      await onSheet(page, mailable.name).waitFor();
      const consentCard = onSheet(page, noConsent.name);
      const consentText = (await consentCard.textContent()) ?? '';
      expect(consentText).toContain(noConsent.name);
      expect(consentText).toContain('客户未同意营销联系，不能邮寄：到店时当面交给');
      expect(consentText).not.toContain('收件人');
      expect(consentText).not.toContain(NO_CONSENT_ADDRESS);
      expect(consentText).not.toContain('已寄出');
      expect(consentText).toContain('已当面交给');
      expect(await consentCard.locator('.sheet-recipient .sheet-label').textContent()).toBe('到店当面交给');
      const addressText = (await onSheet(page, noAddress.name).textContent()) ?? '';
      expect(addressText).toContain('没有地址，不能邮寄：到店时当面交给');
      expect(addressText).not.toContain('收件人');
      expect(addressText).not.toContain('已寄出');
      expect(addressText).toContain('已当面交给');
      // A card that may be mailed keeps its recipient, address and "mailed" box.
      const mailText = (await onSheet(page, mailable.name).textContent()) ?? '';
      expect(mailText).toContain('收件人');
      expect(mailText).toContain(MAIL_ADDRESS);
      expect(mailText).toContain('已寄出');
      await consentCard.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-print-sheet-hand-over-zh');

      // On paper (the PDF the print dialog saves) the same.
      await page.emulateMedia({ media: 'print' });
      const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      await page.emulateMedia({ media: null });
      writeFileSync(join(SCREENSHOTS, 'cpa-cards-week-hand-over.pdf'), pdf);
      const text = pdfText(pdf); // NFKC: full-width punctuation reads as ASCII
      expect(text).toContain(MAIL_ADDRESS);
      expect(text).toContain('没有地址，不能邮寄'.normalize('NFKC'));
      expect(text).toContain('未同意营销联系，不能邮寄'.normalize('NFKC'));
      expect(text).toContain('到店当面交给');
      expect(text).not.toContain(NO_CONSENT_ADDRESS);
    } finally {
      await desk.close();
    }
  });

  it('in English: a card that cannot go by post reads as handed over, on the screen and on the sheet', async () => {
    const desk = await startDemoDesk(browser, { customers: 600, seed: 3, language: 'en' });
    const { page } = desk;
    try {
      const { noConsent, noAddress, mailable } = deliveryCases(desk.core.context.database.sqlite, desk.staff.id);
      await page.locator('.sidebar').getByRole('button', { name: 'Cards', exact: true }).click();
      await page.getByTestId('cards-screen').waitFor();
      const row = page.locator(`[data-card="${noAddress.cardId}"]`);
      await row.locator('[data-action="written"]').click();
      await row.locator('[data-action="handed_over"]').waitFor();
      expect(await row.locator('.card-actions button.primary').getAttribute('data-action')).toBe('handed_over');
      expect(await row.locator('[data-action="mailed"]').count()).toBe(0);
      expect(await row.getByTestId('card-status').textContent()).toBe('Written, to hand over');
      expect(await row.getByTestId('card-delivery').textContent()).toBe('No address on file, so not by post: hand it over when they come in');
      await row.scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-card-no-address-en');

      await page.getByTestId('cards-print').click();
      await page.getByTestId('print-sheet').waitFor();
      await onSheet(page, mailable.name).waitFor();
      for (const [card, note] of [
        [noConsent, 'No consent to marketing contact, so not by post: hand it over when they come in'],
        [noAddress, 'No address on file, so not by post: hand it over when they come in'],
      ] as const) {
        const text = (await onSheet(page, card.name).textContent()) ?? '';
        expect(text).toContain(note);
        expect(text).not.toContain('Mailed');
        expect(text).toContain('Handed over');
        expect(await onSheet(page, card.name).locator('.sheet-recipient .sheet-label').textContent()).toBe('Hand over in person');
      }
      expect(await onSheet(page, noConsent.name).textContent()).not.toContain(NO_CONSENT_ADDRESS);
      expect(await onSheet(page, mailable.name).locator('.sheet-recipient .sheet-label').textContent()).toBe('To');
      expect(await onSheet(page, mailable.name).textContent()).toContain('Mailed');
      await onSheet(page, noConsent.name).scrollIntoViewIfNeeded();
      await screenshot(page, 'cpa-print-sheet-hand-over-en');
    } finally {
      await desk.close();
    }
  });
});
