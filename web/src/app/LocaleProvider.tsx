import { App as AntApp, ConfigProvider } from 'antd';
// The ESM builds: under Vite 8 the CommonJS shims at antd/locale/* arrive without their default export.
import enUS from 'antd/es/locale/en_US';
import zhCN from 'antd/es/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import localeData from 'dayjs/plugin/localeData';
import localizedFormat from 'dayjs/plugin/localizedFormat';
import relativeTime from 'dayjs/plugin/relativeTime';
import { type ReactNode, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { normalizeLanguage } from '../i18n';

dayjs.extend(relativeTime);
dayjs.extend(localizedFormat);
dayjs.extend(localeData);

// People who ask their system for less motion get none: dialogs, drawers and menus open and close at once.
const reducedMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

const theme = {
  token: {
    motion: !reducedMotion,
    colorPrimary: '#3b5bdb',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: { siderBg: '#0f172a', headerBg: '#ffffff' },
    Menu: { darkItemBg: '#0f172a', darkSubMenuItemBg: '#0b1222' },
  },
};

/**
 * Date pickers type and show a day in the language's one date format (dayjs 'L': 06/08/2026 in
 * English, 2026/06/08 in Chinese), as tables and messages write it; antd would use YYYY-MM-DD in both.
 */
function withDayFormat(locale: typeof enUS, dayjsLocale: string): typeof enUS {
  const day = dayjs().locale(dayjsLocale).localeData().longDateFormat('L');
  const picker = locale.DatePicker!;
  return {
    ...locale,
    DatePicker: { ...picker, lang: { ...picker.lang, fieldDateFormat: day, fieldDateTimeFormat: `${day} HH:mm:ss` } },
  };
}

const EN_US = withDayFormat(enUS, 'en');
const ZH_CN = withDayFormat(zhCN, 'zh-cn');

/** antd's locale, dayjs' locale, <html lang> and the tab title follow the UI language. */
export function LocaleProvider({ children }: { children: ReactNode }) {
  const { i18n } = useTranslation();
  const language = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  dayjs.locale(language === 'zh-CN' ? 'zh-cn' : 'en');

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  return (
    <ConfigProvider locale={language === 'zh-CN' ? ZH_CN : EN_US} theme={theme}>
      <AntApp>{children}</AntApp>
    </ConfigProvider>
  );
}
