import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

export function NotFoundPage({ title }: { title?: string }) {
  const { t } = useTranslation();
  return (
    <Result
      status="404"
      title={title ?? t('common.notFoundTitle')}
      subTitle={t('common.notFoundText')}
      extra={
        <Link to="/accounts">
          <Button type="primary">{t('common.backToAccounts')}</Button>
        </Link>
      }
    />
  );
}
