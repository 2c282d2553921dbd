import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation, useNavigate } from 'react-router';

/** Between the VoC pages: the report, the feature requests and the tag taxonomy. */
export function VocNav() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const value = pathname.startsWith('/voc/requests')
    ? '/voc/requests'
    : pathname.startsWith('/voc/taxonomy')
      ? '/voc/taxonomy'
      : '/voc';
  return (
    <Segmented
      value={value}
      onChange={(to) => navigate(to)}
      options={[
        { value: '/voc', label: t('voc.nav.report') },
        { value: '/voc/requests', label: <span data-testid="voc-nav-requests">{t('voc.nav.requests')}</span> },
        { value: '/voc/taxonomy', label: t('voc.nav.taxonomy') },
      ]}
      style={{ marginBottom: 16 }}
    />
  );
}
