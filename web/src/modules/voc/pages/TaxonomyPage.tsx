import { PlusOutlined } from '@ant-design/icons';
import type { VocCategory, VocTag } from '@shared/voc';
import {
  App,
  Button,
  Card,
  Empty,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Select,
  Skeleton,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { useCan } from '../../auth/hooks/useMe';
import { VocNav } from '../components/VocNav';
import { useTaxonomy, useTaxonomyEdit, vocName } from '../hooks/useVoc';

interface TagValues {
  categoryId: string;
  nameZh: string;
  nameEn: string;
  productArea?: string;
}

/**
 * The tag taxonomy (`/voc/taxonomy`): categories (problem, request, opportunity …) and their tags, named in
 * both languages. Managers edit it; a used tag or category is archived rather than deleted.
 */
export function TaxonomyPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const canManage = useCan('manage');
  const taxonomy = useTaxonomy();
  const edit = useTaxonomyEdit();
  const [tagForm] = Form.useForm<TagValues>();
  const [categoryForm] = Form.useForm<{ nameZh: string; nameEn: string }>();
  const [editingTag, setEditingTag] = useState<Partial<VocTag> | null>(null);
  const [addingCategory, setAddingCategory] = useState(false);

  const removed = (r: { archived: boolean }) =>
    void message.success(t(r.archived ? 'voc.taxonomy.archivedUsed' : 'common.deleted'));

  async function saveTag() {
    const values = await tagForm.validateFields();
    const body = { ...values, productArea: values.productArea?.trim() || null };
    const done = { onSuccess: () => setEditingTag(null) };
    if (editingTag?.id) edit.updateTag.mutate({ id: editingTag.id, ...body }, done);
    else edit.createTag.mutate(body, done);
  }
  async function saveCategory() {
    const values = await categoryForm.validateFields();
    edit.createCategory.mutate(values, { onSuccess: () => setAddingCategory(false) });
  }

  const categories = taxonomy.data?.categories ?? [];
  return (
    <>
      <PageHeader
        title={t('voc.taxonomy.title')}
        subtitle={t('voc.taxonomy.subtitle')}
        extra={
          canManage ? (
            <>
              <Button onClick={() => setAddingCategory(true)}>{t('voc.taxonomy.newCategory')}</Button>
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditingTag({})} data-testid="tag-new">
                {t('voc.taxonomy.newTag')}
              </Button>
            </>
          ) : null
        }
      />
      <VocNav />
      {taxonomy.isPending ? (
        <Skeleton active />
      ) : taxonomy.isError ? (
        <QueryError error={taxonomy.error} onRetry={() => void taxonomy.refetch()} />
      ) : (
        <Flex vertical gap={16}>
          {categories.map((c: VocCategory) => (
            <Card
              key={c.id}
              size="small"
              data-testid="voc-category"
              title={
                <Flex gap={8} align="center">
                  {vocName(c)}
                  <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
                    {c.nameZh} · {c.nameEn}
                  </Typography.Text>
                  {c.archived ? <Tag>{t('voc.taxonomy.archived')}</Tag> : null}
                </Flex>
              }
              extra={
                canManage ? (
                  <Flex gap={8} align="center">
                    <Switch
                      size="small"
                      checked={!c.archived}
                      onChange={(active) => edit.updateCategory.mutate({ id: c.id, archived: !active })}
                    />
                    <Popconfirm
                      title={t('voc.taxonomy.removeConfirm')}
                      onConfirm={() => edit.removeCategory.mutate(c.id, { onSuccess: removed })}
                    >
                      <Button size="small" type="link" danger>
                        {t('common.delete')}
                      </Button>
                    </Popconfirm>
                  </Flex>
                ) : null
              }
            >
              <Table
                size="small"
                rowKey="id"
                pagination={false}
                scroll={{ x: 'max-content' }}
                dataSource={c.tags}
                locale={{ emptyText: <Empty description={t('voc.taxonomy.noTags')} /> }}
                columns={[
                  { title: t('voc.taxonomy.nameZh'), dataIndex: 'nameZh' },
                  { title: t('voc.taxonomy.nameEn'), dataIndex: 'nameEn' },
                  {
                    title: t('voc.requests.productArea'),
                    dataIndex: 'productArea',
                    render: (v: string | null) => v ?? '—',
                  },
                  { title: t('voc.taxonomy.uses'), dataIndex: 'uses', className: 'tenure-num' },
                  {
                    title: t('voc.taxonomy.state'),
                    dataIndex: 'archived',
                    render: (archived: boolean) =>
                      archived ? (
                        <Tag>{t('voc.taxonomy.archived')}</Tag>
                      ) : (
                        <Tag color="green">{t('voc.taxonomy.active')}</Tag>
                      ),
                  },
                  ...(canManage
                    ? [
                        {
                          key: 'actions',
                          render: (_: unknown, tag: VocTag) => (
                            <Flex gap={4}>
                              <Button size="small" type="link" onClick={() => setEditingTag(tag)}>
                                {t('common.edit')}
                              </Button>
                              <Button
                                size="small"
                                type="link"
                                onClick={() => edit.updateTag.mutate({ id: tag.id, archived: !tag.archived })}
                              >
                                {tag.archived ? t('voc.taxonomy.restore') : t('voc.taxonomy.archive')}
                              </Button>
                              <Popconfirm
                                title={t('voc.taxonomy.removeConfirm')}
                                onConfirm={() => edit.removeTag.mutate(tag.id, { onSuccess: removed })}
                              >
                                <Button size="small" type="link" danger>
                                  {t('common.delete')}
                                </Button>
                              </Popconfirm>
                            </Flex>
                          ),
                        },
                      ]
                    : []),
                ]}
              />
            </Card>
          ))}
        </Flex>
      )}
      <Modal
        open={editingTag !== null}
        title={editingTag?.id ? t('voc.taxonomy.editTag') : t('voc.taxonomy.newTag')}
        onOk={() => void saveTag()}
        onCancel={() => setEditingTag(null)}
        confirmLoading={edit.createTag.isPending || edit.updateTag.isPending}
        destroyOnHidden
        afterOpenChange={(open) =>
          open && tagForm.setFieldsValue({ productArea: undefined, ...editingTag } as TagValues)
        }
      >
        <Form form={tagForm} layout="vertical" preserve={false}>
          <Form.Item name="categoryId" label={t('voc.taxonomy.category')} rules={[{ required: true }]}>
            <Select options={categories.filter((c) => !c.archived).map((c) => ({ value: c.id, label: vocName(c) }))} />
          </Form.Item>
          <Form.Item name="nameZh" label={t('voc.taxonomy.nameZh')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('voc.taxonomy.nameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="productArea" label={t('voc.requests.productArea')}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={addingCategory}
        title={t('voc.taxonomy.newCategory')}
        onOk={() => void saveCategory()}
        onCancel={() => setAddingCategory(false)}
        confirmLoading={edit.createCategory.isPending}
        destroyOnHidden
      >
        <Form form={categoryForm} layout="vertical" preserve={false}>
          <Form.Item name="nameZh" label={t('voc.taxonomy.nameZh')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('voc.taxonomy.nameEn')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
