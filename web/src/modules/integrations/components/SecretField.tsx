import { Form, Input } from 'antd';

/**
 * A password field for a connector's secret. The server never sends a saved secret back, only its last characters
 * (`kept`), so a kept secret makes the field optional: left empty, the saved one stays.
 */
export function SecretField({
  name,
  label,
  kept,
  extra,
  requiredMessage,
  testId,
}: {
  name: string;
  label: string;
  kept: boolean;
  extra: string | undefined;
  requiredMessage: string;
  testId: string;
}) {
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={kept ? [] : [{ required: true, whitespace: true, message: requiredMessage }]}
    >
      <Input.Password autoComplete="new-password" data-testid={testId} />
    </Form.Item>
  );
}
