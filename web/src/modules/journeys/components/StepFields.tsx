import { Form } from 'antd';
import type { ReactNode } from 'react';

/** A form row that shows the server's refusal of its field (from the last save) under the input. */
export function Field({
  label,
  issues,
  name,
  children,
  extra,
}: {
  label: ReactNode;
  issues: Record<string, string[]> | undefined;
  /** The field's name in the API's issue path (templateId, minutes, rules …). */
  name: string;
  children: ReactNode;
  extra?: ReactNode;
}) {
  const messages = issues?.[name];
  return (
    <Form.Item
      label={label}
      validateStatus={messages ? 'error' : undefined}
      help={messages ? <span data-testid={`field-error-${name}`}>{messages.join(' ')}</span> : undefined}
      extra={extra}
    >
      {children}
    </Form.Item>
  );
}
