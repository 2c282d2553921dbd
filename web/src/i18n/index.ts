import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import en from './en.json';
import zhCN from './zh-CN.json';

export const LANGUAGES = [
  { code: 'zh-CN', label: '中文' },
  { code: 'en', label: 'English' },
] as const;
export type Language = (typeof LANGUAGES)[number]['code'];

/** Any Chinese variant gets the zh-CN catalog; everything else English. */
export const normalizeLanguage = (lng: string | undefined): Language =>
  lng?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: ['zh-CN', 'en'],
    fallbackLng: 'en',
    load: 'currentOnly',
    nonExplicitSupportedLngs: false,
    interpolation: { escapeValue: false },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'tenure.lang',
      caches: ['localStorage'],
      convertDetectedLanguage: normalizeLanguage,
    },
  });

export const currentLanguage = (): Language => normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);

export default i18n;
