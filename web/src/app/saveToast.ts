import { App } from 'antd';
import { useEffect } from 'react';
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

declare module '@tanstack/react-query' {
  interface Register {
    mutationMeta: { toast: SaveToast };
  }
}

const TEXT = { saved: 'common.saved', deleted: 'common.deleted' } as const;

// The message API of antd's <App> (themed, in the current locale), lent by <SaveToasts/> while it is mounted.
let show: ((text: string) => void) | null = null;

/** Renders nothing: gives the query client's mutation cache antd's message API from inside <App>. */
export function SaveToasts() {
  const { message } = App.useApp();
  useEffect(() => {
    show = (text) => void message.success(text);
    return () => {
      show = null;
    };
  }, [message]);
  return null;
}

/** The mutation cache's onSuccess: the generic toast, unless the mutation shows its own or none. */
export function announceSave(meta: { toast: SaveToast } | undefined) {
  const toast = meta?.toast ?? 'saved';
  if (toast === 'saved' || toast === 'deleted') show?.(i18n.t(TEXT[toast]));
}
