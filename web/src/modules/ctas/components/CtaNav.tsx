import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

const PAGES = { cockpit: '/ctas', meeting: '/ctas/meeting', effectiveness: '/ctas/effectiveness' } as const;

/** Switches between the cockpit, the weekly risk meeting and the effectiveness report. */
export function CtaNav({ active }: { active: keyof typeof PAGES }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Segmented
      style={{ marginBottom: 16 }}
      value={active}
      onChange={(v) => void navigate(PAGES[v as keyof typeof PAGES])}
      options={(Object.keys(PAGES) as (keyof typeof PAGES)[]).map((k) => ({ value: k, label: t(`ctas.pages.${k}`) }))}
    />
  );
}
