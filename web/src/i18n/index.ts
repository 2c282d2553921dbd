import dayjs from 'dayjs';
import localizedFormat from 'dayjs/plugin/localizedFormat';
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

dayjs.extend(localizedFormat);
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Every value put into a message goes through here, so a date the server sends as 'YYYY-MM-DD' (a
 * CTA's reason, a timeline entry, a notification) reads in the language's one date format, as
 * the tables' dates do (lib/format.ts), wherever a message quotes it.
 */
export function localizeValue(value: unknown): string {
  if (typeof value !== 'string') return value as string;
  if (DATE_ONLY.test(value)) return dayjs(value).format('L');
  if (TIMESTAMP.test(value) && dayjs(value).isValid()) return dayjs(value).format('L LT');
  return value;
}

void i18n
  .use(LanguageDetector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: ['zh-CN', 'en'],
    fallbackLng: 'en',
    load: 'currentOnly',
    nonExplicitSupportedLngs: false,
    interpolation: { escapeValue: false, alwaysFormat: true, format: localizeValue },
    detection: {
      order: ['localStorage', 'navigator'],
      lookupLocalStorage: 'tenure.lang',
      caches: ['localStorage'],
      convertDetectedLanguage: normalizeLanguage,
    },
  });

export const currentLanguage = (): Language => normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);

export default i18n;
