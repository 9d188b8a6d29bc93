/**
 * Who is at this desk, remembered for the life of the window only (sessionStorage): a reload
 * (or a renderer restart after a crash) keeps the person signed in; closing the app asks again.
 */
const KEY = 'retention-desk.staffId';

export const rememberedUser = {
  get(): string | null {
    try {
      return sessionStorage.getItem(KEY);
    } catch {
      return null;
    }
  },
  set(staffId: string | null): void {
    try {
      if (staffId) sessionStorage.setItem(KEY, staffId);
      else sessionStorage.removeItem(KEY);
    } catch {
      // Storage unavailable (private mode): the person picks themselves again after a reload.
    }
  },
};
