/** Mainland mobile numbers: 11 digits starting 13-19. */
const MOBILE_RE = /^1[3-9]\d{9}$/;

export function normalizePhone(input: string): string {
  return input.replace(/[\s\-()+]/g, '').replace(/^86(?=1\d{10}$)/, '');
}

export function isValidMobile(input: string): boolean {
  return MOBILE_RE.test(normalizePhone(input));
}

/** "138****5678": what a list shows; the full number stays in the customer view. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : phone;
}
