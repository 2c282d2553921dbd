import { TICKET_PRIORITIES, TICKET_STATUSES, TICKET_TYPES, type TicketView } from '@shared/tickets';
import type { Wire } from '@shared/endpoint';
import { App, Col, Form, Input, Modal, Rate, Row, Select } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useEnumOptions } from '../../../hooks/useOptions';
import { useContacts } from '../../account360/hooks/useAccount';
import { useSaveTicket } from '../hooks/useSupport';

export type Ticket = Wire<TicketView>;

interface Values {
  subject: string;
  type?: Ticket['type'];
  priority: Ticket['priority'];
  status: Ticket['status'];
  contactId?: string | null;
  csat?: number | null;
}

/** Create a ticket, or change one: status (closing stamps the time on the server), priority, type, CSAT. */
export function TicketModal({
  accountId,
  ticket,
  open,
  onClose,
}: {
  accountId: string;
  ticket?: Ticket;
  open: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveTicket(accountId);
  const contacts = useContacts(accountId);
  const priorities = useEnumOptions('support.priorities', TICKET_PRIORITIES);
  const statuses = useEnumOptions('support.statuses', TICKET_STATUSES);
  const types = useEnumOptions('support.types', TICKET_TYPES);

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    if (ticket) form.setFieldsValue({ ...ticket, csat: ticket.csat ?? 0 });
  }, [open, ticket, form]);

  const submit = (values: Values) => {
    // Rate gives 0 when cleared: no rating.
    const csat = values.csat ? values.csat : null;
    const common = {
      subject: values.subject.trim(),
      type: values.type ?? null,
      priority: values.priority,
      status: values.status,
      csat,
    };
    save.mutate(
      { id: ticket?.id, input: ticket ? common : { ...common, contactId: values.contactId ?? null } },
      {
        onSuccess: () => {
          message.success(ticket ? t('common.saved') : t('support.created'));
          onClose();
        },
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );
  };

  return (
    <Modal
      open={open}
      title={ticket ? t('support.editTicket') : t('support.newTicket')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      okButtonProps={{ 'data-testid': 'ticket-save' }}
      forceRender
      width={560}
    >
      <Form
        form={form}
        name="ticket"
        layout="vertical"
        onFinish={submit}
        initialValues={{ priority: 'normal', status: 'open' }}
      >
        <Form.Item
          name="subject"
          label={t('support.subject')}
          rules={[{ required: true, whitespace: true, message: t('support.subjectRequired') }]}
        >
          <Input maxLength={500} data-testid="ticket-subject" />
        </Form.Item>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="status" label={t('support.status')}>
              <Select options={statuses} data-testid="ticket-status" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="priority" label={t('support.priority')}>
              <Select options={priorities} data-testid="ticket-priority" />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="type" label={t('support.type')}>
              <Select options={types} allowClear />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="contactId" label={t('support.contact')}>
              <Select
                disabled={Boolean(ticket)}
                allowClear
                showSearch
                optionFilterProp="label"
                options={(contacts.data ?? []).map((c) => ({ value: c.id, label: c.name }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="csat" label={t('support.csat')} tooltip={t('support.csatHelp')}>
              <Rate count={5} allowClear />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
