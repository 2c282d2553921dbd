import { messagingApi } from '@shared/messaging';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Divider, Space, Switch, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { call } from '../../../api/client';

/** A contact's message preferences in the 360 (email marketing, SMS) and whether their address is suppressed. */
export function ContactPreferences({ contactId }: { contactId: string }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['messaging', 'preferences', contactId];
  const prefs = useQuery({
    queryKey: key,
    queryFn: () => call(messagingApi.preferences, { params: { id: contactId } }),
  });
  const save = useMutation({
    meta: { toast: 'saved', errors: 'toast' },
    mutationFn: (body: { emailMarketing?: boolean; sms?: boolean }) =>
      call(messagingApi.setPreferences, { params: { id: contactId }, body }),
    onSuccess: (data) => client.setQueryData(key, data),
  });
  if (!prefs.data) return null;
  return (
    <>
      <Divider orientation="left">{t('messaging.preferences')}</Divider>
      <Space wrap size="large">
        <Space>
          <Switch
            checked={prefs.data.emailMarketing}
            onChange={(emailMarketing) => save.mutate({ emailMarketing })}
            data-testid="pref-email-marketing"
          />
          <Typography.Text>{t('messaging.emailMarketing')}</Typography.Text>
        </Space>
        <Space>
          <Switch checked={prefs.data.sms} onChange={(sms) => save.mutate({ sms })} data-testid="pref-sms" />
          <Typography.Text>{t('messaging.sms')}</Typography.Text>
        </Space>
        {prefs.data.suppressed ? (
          <Tag color="red">{t(`messaging.suppressionReasons.${prefs.data.suppressed}`)}</Tag>
        ) : null}
      </Space>
    </>
  );
}
