import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useContacts } from '../../account360/hooks/useAccount';

/** One of the account's contacts: who asked for a feature (optional). */
export function ContactSelect({
  accountId,
  value,
  onChange,
  testId,
  allowClear = true,
}: {
  accountId: string;
  value?: string | null;
  onChange?: (contactId: string | null) => void;
  testId?: string;
  /** Off where a cleared choice could not be saved (a requester's contact is only ever replaced). */
  allowClear?: boolean;
}) {
  const { t } = useTranslation();
  const contacts = useContacts(accountId);
  return (
    <Select
      allowClear={allowClear}
      showSearch
      optionFilterProp="label"
      size="small"
      style={{ minWidth: 180 }}
      loading={contacts.isLoading}
      placeholder={t('voc.requests.pickContact')}
      notFoundContent={t('voc.requests.noContacts')}
      value={value ?? undefined}
      onChange={(id?: string) => onChange?.(id ?? null)}
      options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.email ? `${c.name} · ${c.email}` : c.name }))}
      data-testid={testId}
    />
  );
}
