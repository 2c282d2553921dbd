import { SURVEY_KINDS, SURVEY_SCALES, type SurveyKind, type SurveyScale } from '@shared/surveys';
import { App, Form, Input, InputNumber, Modal, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { applyServerErrors } from '../../../api/forms';
import { useInvitationTemplates, useSaveSurvey } from '../hooks/useSurveys';

interface Values {
  name: string;
  kind: SurveyKind;
  scale?: SurveyScale;
  question: { 'zh-CN'?: string; en?: string };
  templateId: string;
  throttleDays: number;
  active: boolean;
  onTicketClose: boolean;
}

export interface EditedSurvey extends Values {
  id: string;
}

/** Creates or changes a survey; the server's refusals land on their fields. */
export function SurveyModal({ survey, open, onClose }: { survey?: EditedSurvey; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const save = useSaveSurvey();
  const templates = useInvitationTemplates();
  const kind = Form.useWatch('kind', form);

  const submit = (values: Values) =>
    save.mutate(
      {
        id: survey?.id,
        input: {
          ...values,
          name: values.name ?? '',
          scale: values.kind === 'custom' ? values.scale : undefined,
          question: { 'zh-CN': values.question?.['zh-CN'] ?? '', en: values.question?.en ?? '' },
        },
      },
      {
        onSuccess: onClose,
        onError: (error) => {
          const rest = applyServerErrors(form, error);
          if (rest) message.error(rest);
        },
      },
    );

  return (
    <Modal
      open={open}
      title={survey ? t('surveys.edit') : t('surveys.new')}
      okText={survey ? t('common.save') : t('common.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      onCancel={onClose}
      confirmLoading={save.isPending}
      destroyOnHidden
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="survey-form"
        initialValues={
          survey ?? { kind: 'nps', scale: '1-5', throttleDays: 90, active: true, onTicketClose: false, question: {} }
        }
      >
        <Form.Item name="name" label={t('surveys.name')}>
          <Input maxLength={200} data-testid="survey-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('surveys.kind')}>
          <Select
            data-testid="survey-kind"
            options={SURVEY_KINDS.map((k) => ({ value: k, label: t(`surveys.kinds.${k}`) }))}
          />
        </Form.Item>
        {kind === 'custom' ? (
          <Form.Item name="scale" label={t('surveys.scale')}>
            <Select options={SURVEY_SCALES.map((s) => ({ value: s, label: s.replace('-', '–') }))} />
          </Form.Item>
        ) : null}
        <Form.Item
          name={['question', 'zh-CN']}
          label={t('surveys.questionZh')}
          extra={kind === 'custom' ? undefined : t('surveys.questionHint')}
        >
          <Input maxLength={500} data-testid="survey-question-zh" />
        </Form.Item>
        <Form.Item name={['question', 'en']} label={t('surveys.questionEn')}>
          <Input maxLength={500} data-testid="survey-question-en" />
        </Form.Item>
        <Form.Item name="templateId" label={t('surveys.template')} extra={t('surveys.templateHint')}>
          <Select
            data-testid="survey-template"
            loading={templates.isPending}
            options={(templates.data?.items ?? []).map((tpl) => ({ value: tpl.id, label: tpl.name }))}
          />
        </Form.Item>
        <Form.Item name="throttleDays" label={t('surveys.throttleDays')}>
          <InputNumber min={0} max={3650} precision={0} style={{ width: 160 }} data-testid="survey-throttle" />
        </Form.Item>
        <Form.Item
          name="onTicketClose"
          label={t('surveys.onTicketClose')}
          extra={t('surveys.onTicketCloseHint')}
          valuePropName="checked"
        >
          <Switch data-testid="survey-ticket-close" />
        </Form.Item>
        <Form.Item name="active" label={t('surveys.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Modal>
  );
}
