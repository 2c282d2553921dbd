import { GlobalOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, normalizeLanguage } from '../../../i18n';

/** The detector caches the choice in localStorage, so it survives reloads and sign-outs. */
export function LanguageSwitch() {
  const { i18n, t } = useTranslation();
  const current = normalizeLanguage(i18n.resolvedLanguage ?? i18n.language);
  const label = LANGUAGES.find((l) => l.code === current)?.label;
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        selectable: true,
        selectedKeys: [current],
        items: LANGUAGES.map((l) => ({
          key: l.code,
          label: <span data-testid={`lang-option-${l.code}`}>{l.label}</span>,
        })),
        onClick: ({ key }) => void i18n.changeLanguage(key),
      }}
    >
      <Button type="text" icon={<GlobalOutlined />} data-testid="lang-switch" aria-label={t('layout.language')}>
        {label}
      </Button>
    </Dropdown>
  );
}
