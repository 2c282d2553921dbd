import type { UseMutationResult } from '@tanstack/react-query';
import { App, Form, type FormInstance } from 'antd';
import { useEffect } from 'react';
import { applyServerErrors } from '../../../api/forms';

/** antd types the values as a deep partial of the form's; a partial of the top level is one. */
const setValues = <Values>(form: FormInstance<Values>, values: Partial<Values>) =>
  form.setFieldsValue(values as Parameters<FormInstance<Values>['setFieldsValue']>[0]);

/**
 * A connector page's settings form: filled from the saved settings whenever they arrive, saved with the
 * server's field errors shown under their fields, and its secret fields emptied once saved (the server keeps
 * a secret and shows only its last characters). `fill` and `toBody` are the page's pure mappings, declared
 * outside its component so that the form is filled when the settings change, not on every render.
 */
export function useConnectorForm<Values extends object, Saved, Body, Data>(options: {
  saved: Saved | undefined;
  save: UseMutationResult<Data, Error, Body>;
  fill: (saved: Saved) => Partial<Values>;
  toBody: (values: Values) => Body;
  secrets: readonly (keyof Values & string)[];
}) {
  const { saved, save, fill, toBody, secrets } = options;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();

  useEffect(() => {
    if (saved) setValues(form, fill(saved));
  }, [saved, form, fill]);

  const submit = (values: Values) =>
    save.mutate(toBody(values), {
      onSuccess: () => setValues(form, Object.fromEntries(secrets.map((name) => [name, ''])) as Partial<Values>),
      onError: (error) => {
        const rest = applyServerErrors(form, error);
        if (rest) void message.error(rest);
      },
    });

  return { form, submit };
}
