import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { RouterProvider } from 'react-router';
import { ApiError, onUnauthorized } from '../api/client';
import { LocaleProvider } from './LocaleProvider';
import { announceFailure, announceSave, SaveToasts } from './saveToast';
import { router } from './router';

const retry = (count: number, error: unknown) =>
  !(error instanceof ApiError && error.status >= 400 && error.status < 500) && count < 2;

export const queryClient = new QueryClient({
  defaultOptions: { queries: { retry, staleTime: 15_000, refetchOnWindowFocus: false } },
  queryCache: new QueryCache(),
  // A toast on every save and on every failed one, said once here; a mutation's meta says when its caller
  // shows its own (saveToast.ts).
  mutationCache: new MutationCache({
    onSuccess: (_data, _variables, _context, mutation) => announceSave(mutation.options.meta),
    onError: (error, _variables, _context, mutation) => announceFailure(error, mutation.options.meta),
  }),
});

// A session that expires mid-use sends the person back to the sign-in page, then where they were.
onUnauthorized(() => {
  const { pathname, search } = window.location;
  // The setup page is public: a refused setup token is its own message, not a missing session.
  if (pathname === '/sign-in' || pathname === '/setup') return;
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== 'me' });
  queryClient.setQueryData(['me'], null);
  void router.navigate(`/sign-in?next=${encodeURIComponent(pathname + search)}`, { replace: true });
});

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <LocaleProvider>
        <SaveToasts />
        <RouterProvider router={router} />
      </LocaleProvider>
    </QueryClientProvider>
  );
}
