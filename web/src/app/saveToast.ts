import { App } from 'antd';
import { useEffect } from 'react';
import { ApiError } from '../api/client';
import { errorMessage } from '../api/forms';
import i18n from '../i18n';

/**
 * What a person is told when a mutation succeeds; every `useMutation` says it in its `meta`
 * (test/e2e/save-toasts.test.ts checks that none is left without):
 * - `saved` / `deleted`: the app shows one "Saved" / "Deleted" toast (here, once for all);
 * - `own`: the caller shows its own message on success (naming what was saved, or the new secret);
 * - `none`: nothing the person would need telling is saved (signing in, marking read, a preview, a run
 *   whose progress the page shows).
 */
export type SaveToast = 'saved' | 'deleted' | 'own' | 'none';

/**
 * What a person is told when a mutation fails; every `useMutation` says it in its `meta` too:
 * - `toast`: the app shows the API's message (in the person's language) in one error toast, here;
 * - `own`: the mutation's `onError`, or every caller (`mutate(x, { onError })`, a `catch`, an inline
 *   `<Alert>` or the form's fields from `mutation.error`), shows it — so it is never said twice.
 * A 401 says nothing either way: the person is already on their way to the sign-in page.
 */
export type SaveErrors = 'toast' | 'own';

// A type, not an interface: react-query takes the registered meta only when it is a Record.
export type SaveMeta = { toast: SaveToast; errors: SaveErrors };

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: SaveMeta;
  }
}

const TEXT = { saved: 'common.saved', deleted: 'common.deleted' } as const;

// The message API of antd's <App> (themed, in the current locale), lent by <SaveToasts/> while it is mounted.
let show: { success: (text: string) => void; error: (text: string) => void } | null = null;

/** Renders nothing: gives the query client's mutation cache antd's message API from inside <App>. */
export function SaveToasts() {
  const { message } = App.useApp();
  useEffect(() => {
    show = { success: (text) => void message.success(text), error: (text) => void message.error(text) };
    return () => {
      show = null;
    };
  }, [message]);
  return null;
}

/** The mutation cache's onSuccess: the generic toast, unless the mutation shows its own or none. */
export function announceSave(meta: Partial<SaveMeta> | undefined) {
  const toast = meta?.toast ?? 'saved';
  if (toast === 'saved' || toast === 'deleted') show?.success(i18n.t(TEXT[toast]));
}

/** The mutation cache's onError: the API's message, unless the mutation shows its own (or the session ended). */
export function announceFailure(error: unknown, meta: Partial<SaveMeta> | undefined) {
  if (meta?.errors === 'own') return;
  if (error instanceof ApiError && error.status === 401) return;
  show?.error(errorMessage(error));
}
