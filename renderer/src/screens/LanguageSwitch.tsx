import { useTranslation } from 'react-i18next';
import { LANGUAGES, type Language } from '../../../shared/api/contract';
import { desk } from '../desk/connect';
import { applyLanguage } from '../i18n';
import { useSession } from '../state/session';

const LABELS: Record<Language, string> = { 'zh-CN': '中文', en: 'English' };

export function LanguageSwitch() {
  const { i18n } = useTranslation();
  const setSession = useSession((s) => s.set);
  async function choose(language: Language) {
    applyLanguage(language);
    const result = await desk.settings.setLanguage({ language });
    if (result.ok) setSession({ settings: result.value });
  }
  return (
    <div className="segmented" role="group" aria-label="language">
      {LANGUAGES.map((l) => (
        <button key={l} className={i18n.language === l ? 'active' : ''} aria-pressed={i18n.language === l} onClick={() => void choose(l)}>
          {LABELS[l]}
        </button>
      ))}
    </div>
  );
}
