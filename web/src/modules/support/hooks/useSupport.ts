import { npsApi, type NpsAnswerInput } from '@shared/surveys';
import { type TicketInput, type TicketListQuery, type TicketPatch, ticketsApi } from '@shared/tickets';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call } from '../../../api/client';

export type TicketFilters = Partial<Pick<TicketListQuery, 'state' | 'priority' | 'sort' | 'order'>> & {
  page: number;
  pageSize: number;
};

export function useTickets(accountId: string, filters: TicketFilters) {
  return useQuery({
    queryKey: ['tickets', accountId, filters],
    queryFn: () => call(ticketsApi.list, { params: { id: accountId }, query: filters }),
    placeholderData: keepPreviousData,
  });
}

/** A ticket or an answer changes the Support tab, the timeline, and (through health) the account's figures. */
function useRefreshSupport(accountId: string) {
  const client = useQueryClient();
  return () => {
    void client.invalidateQueries({ queryKey: ['tickets', accountId] });
    void client.invalidateQueries({ queryKey: ['nps', accountId] });
    void client.invalidateQueries({ queryKey: ['timeline', accountId] });
  };
}

export function useSaveTicket(accountId: string) {
  const refresh = useRefreshSupport(accountId);
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: ({ id, input }: { id?: string; input: TicketInput | TicketPatch }) =>
      id
        ? call(ticketsApi.update, { params: { id: accountId, ticketId: id }, body: input as TicketPatch })
        : call(ticketsApi.create, { params: { id: accountId }, body: input as TicketInput }),
    onSuccess: refresh,
  });
}

export function useNpsAnswers(accountId: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: ['nps', accountId, page, pageSize],
    queryFn: () => call(npsApi.list, { params: { id: accountId }, query: { page, pageSize } }),
    placeholderData: keepPreviousData,
  });
}

export function useRecordNps(accountId: string) {
  const refresh = useRefreshSupport(accountId);
  return useMutation({
    meta: { toast: 'own', errors: 'own' },
    mutationFn: (input: NpsAnswerInput) => call(npsApi.record, { params: { id: accountId }, body: input }),
    onSuccess: refresh,
  });
}
