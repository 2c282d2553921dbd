import { DeleteOutlined, DownOutlined, SaveOutlined, StarFilled, StarOutlined } from '@ant-design/icons';
import { App, Button, Dropdown, Form, Input, Modal, Popconfirm, type MenuProps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors, errorMessage } from '../../../api/forms';
import type { SavedView } from '@shared/views';
import { useDeleteView, useSaveView, useSavedViews } from '../hooks/useAccounts';
import { fromViewState, type ListState, sameView, type ViewState } from '../hooks/useListState';

interface Props {
  state: ListState;
  onApply: (state: Partial<ListState>) => void;
}

/** Personal named list settings: pick one to apply it, save the current one, delete old ones. */
export function SavedViewsMenu({ state, onApply }: Props) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const views = useSavedViews();
  const save = useSaveView();
  const remove = useDeleteView();
  const [naming, setNaming] = useState(false);
  const [form] = Form.useForm<{ name: string }>();

  const { page: _page, ...viewState } = state;
  /** The saved view the list currently shows, if any: its name goes on the button. */
  const active = views.data?.find((v) => sameView(fromViewState(v.state), viewState));
  const submit = ({ name }: { name: string }) =>
    save.mutate(
      { name, state: viewState satisfies ViewState },
      {
        onSuccess: () => {
          message.success(t('views.saved', { name }));
          setNaming(false);
          form.resetFields();
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  const viewItem = (view: SavedView) => ({
    key: view.id,
    icon: <StarOutlined />,
    label: (
      <span style={{ display: 'flex', justifyContent: 'space-between', gap: 16 }}>
        <span>{view.name}</span>
        <Popconfirm
          title={t('views.deleteConfirm', { name: view.name })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          onConfirm={(e) => {
            e?.stopPropagation();
            remove.mutate(view.id, { onError: (error) => message.error(errorMessage(error)) });
          }}
          onPopupClick={(e) => e.stopPropagation()}
        >
          <DeleteOutlined onClick={(e) => e.stopPropagation()} aria-label={t('common.delete')} />
        </Popconfirm>
      </span>
    ),
  });

  const items: MenuProps['items'] = [
    ...(views.data?.length
      ? views.data.map(viewItem)
      : [
          {
            key: 'empty',
            disabled: true,
            label: views.isError ? errorMessage(views.error) : views.isPending ? t('common.loading') : t('views.none'),
          },
        ]),
    { type: 'divider' as const },
    { key: 'save', icon: <SaveOutlined />, label: t('views.saveCurrent') },
  ];

  return (
    <>
      <Dropdown
        trigger={['click']}
        menu={{
          items,
          onClick: ({ key }) => {
            if (key === 'save') return setNaming(true);
            const view = views.data?.find((v) => v.id === key);
            if (view) onApply(fromViewState(view.state));
          },
        }}
      >
        <Button
          icon={active ? <StarFilled style={{ color: '#faad14' }} /> : <StarOutlined />}
          data-testid="saved-views"
        >
          {active?.name ?? t('views.title')} <DownOutlined />
        </Button>
      </Dropdown>
      <Modal
        open={naming}
        title={t('views.saveCurrent')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onOk={() => form.submit()}
        onCancel={() => setNaming(false)}
        confirmLoading={save.isPending}
        destroyOnHidden
      >
        <Form form={form} layout="vertical" onFinish={submit} preserve={false}>
          <Form.Item
            name="name"
            label={t('views.name')}
            rules={[{ required: true, whitespace: true, message: t('views.nameRequired') }]}
          >
            <Input maxLength={100} autoFocus />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
