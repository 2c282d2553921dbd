import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { errorMessage } from '../../../api/forms';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { ConditionTags } from '../../conditions/components/ConditionTags';
import { AccountsTable } from '../components/AccountsTable';
import { AccountsToolbar } from '../components/AccountsToolbar';
import { CreateAccountModal } from '../components/CreateAccountModal';
import { FilterDrawer } from '../components/FilterDrawer';
import { SavedViewsMenu } from '../components/SavedViewsMenu';
import { useAccountList } from '../hooks/useAccounts';
import { isFiltered, useListState } from '../hooks/useListState';

export function AccountsPage() {
  const { t } = useTranslation();
  const { state, update, replace } = useListState();
  const list = useAccountList(state);
  const canWrite = useCan('write');
  const [creating, setCreating] = useState(false);
  const [filtersOpen, setFiltersOpen] = useState(false);

  return (
    <>
      <PageHeader
        title={t('nav.accounts')}
        subtitle={t('accounts.subtitle')}
        extra={
          <>
            <SavedViewsMenu state={state} onApply={replace} />
            {canWrite ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setCreating(true)}
                data-testid="account-create"
              >
                {t('accounts.create')}
              </Button>
            ) : null}
          </>
        }
      />
      <Card styles={{ body: { padding: 16 } }}>
        <Flex vertical gap={12}>
          <AccountsToolbar
            state={state}
            onChange={update}
            onReplace={replace}
            onOpenFilters={() => setFiltersOpen(true)}
          />
          {state.filters.length ? (
            <ConditionTags
              conditions={state.filters}
              onRemove={(i) => update({ filters: state.filters.filter((_, j) => j !== i) })}
            />
          ) : null}
          {list.isError && list.data ? (
            <Alert
              type="error"
              showIcon
              message={errorMessage(list.error)}
              action={
                <Button size="small" onClick={() => void list.refetch()}>
                  {t('common.retry')}
                </Button>
              }
            />
          ) : null}
          {list.isError && !list.data ? (
            <QueryError error={list.error} onRetry={() => void list.refetch()} compact />
          ) : (
            <AccountsTable
              state={state}
              data={list.data}
              loading={list.isFetching}
              filtered={isFiltered(state)}
              canCreate={canWrite}
              onChange={update}
              onCreate={() => setCreating(true)}
              onClearFilters={() => replace({ sort: state.sort, order: state.order, pageSize: state.pageSize })}
            />
          )}
        </Flex>
      </Card>
      <FilterDrawer
        open={filtersOpen}
        filters={state.filters}
        onClose={() => setFiltersOpen(false)}
        onApply={(filters) => {
          update({ filters });
          setFiltersOpen(false);
        }}
      />
      {canWrite ? <CreateAccountModal open={creating} onClose={() => setCreating(false)} /> : null}
    </>
  );
}
