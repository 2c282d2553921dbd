import type { Condition } from '@shared/conditions';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { parseConditions } from '../../conditions/fields';

/** Everything that shapes the accounts list; it lives in the URL so reloads and shared links keep it. */
export interface ListState {
  page: number;
  pageSize: number;
  sort: string;
  order: 'asc' | 'desc';
  q: string;
  filters: Condition[];
  segmentId?: string;
  tier: string[];
  stage: string[];
  owner?: string;
}

/** The part of the state a saved view keeps (not the page number). */
export type ViewState = Omit<ListState, 'page'>;

export const DEFAULT_STATE: ListState = {
  page: 1,
  pageSize: 25,
  sort: 'name',
  order: 'asc',
  q: '',
  filters: [],
  tier: [],
  stage: [],
};
const PAGE_SIZES = [10, 25, 50, 100];

const list = (raw: string | null) => (raw ? raw.split(',').filter(Boolean) : []);

export function readState(params: URLSearchParams): ListState {
  const pageSize = Number(params.get('pageSize'));
  return {
    page: Math.max(1, Number(params.get('page')) || 1),
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : DEFAULT_STATE.pageSize,
    sort: params.get('sort') || DEFAULT_STATE.sort,
    order: params.get('order') === 'desc' ? 'desc' : 'asc',
    q: params.get('q') ?? '',
    filters: parseConditions(params.get('filters')),
    segmentId: params.get('segmentId') || undefined,
    tier: list(params.get('tier')),
    stage: list(params.get('stage')),
    owner: params.get('owner') || undefined,
  };
}

export function writeState(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.page > 1) params.set('page', String(state.page));
  if (state.pageSize !== DEFAULT_STATE.pageSize) params.set('pageSize', String(state.pageSize));
  if (state.sort !== DEFAULT_STATE.sort || state.order !== DEFAULT_STATE.order) {
    params.set('sort', state.sort);
    params.set('order', state.order);
  }
  if (state.q) params.set('q', state.q);
  if (state.filters.length) params.set('filters', JSON.stringify(state.filters));
  if (state.segmentId) params.set('segmentId', state.segmentId);
  if (state.tier.length) params.set('tier', state.tier.join(','));
  if (state.stage.length) params.set('stage', state.stage.join(','));
  if (state.owner) params.set('owner', state.owner);
  return params;
}

/** The API query for a state: quick filters become conditions ANDed with the builder's. */
export function toApiQuery(state: ListState) {
  const conditions: Condition[] = [...state.filters];
  if (state.tier.length) conditions.push({ field: 'tier', op: 'in', value: state.tier });
  if (state.stage.length) conditions.push({ field: 'lifecycle_stage', op: 'in', value: state.stage });
  return {
    page: state.page,
    pageSize: state.pageSize,
    sort: state.sort,
    order: state.order,
    q: state.q || undefined,
    segmentId: state.segmentId,
    ownerId: state.owner,
    filters: conditions.length ? JSON.stringify(conditions) : undefined,
    match: 'all' as const,
  };
}

/** A saved view's state, checked field by field: it is stored as free-form JSON on the server. */
export function fromViewState(raw: Record<string, unknown>): Partial<ListState> {
  const text = (v: unknown) => (typeof v === 'string' && v ? v : undefined);
  const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  return {
    q: text(raw.q) ?? '',
    // Stored as jsonb, which orders keys its own way ("op" before "field"): rebuilt in the URL's order,
    // so sameView recognises the view the list shows.
    filters: Array.isArray(raw.filters)
      ? parseConditions(JSON.stringify(raw.filters)).map(({ field, op, value }) => ({ field, op, value }))
      : [],
    segmentId: text(raw.segmentId),
    tier: strings(raw.tier),
    stage: strings(raw.stage),
    owner: text(raw.owner),
    sort: text(raw.sort) ?? DEFAULT_STATE.sort,
    order: raw.order === 'desc' ? 'desc' : 'asc',
    pageSize:
      typeof raw.pageSize === 'number' && PAGE_SIZES.includes(raw.pageSize) ? raw.pageSize : DEFAULT_STATE.pageSize,
  };
}

/** Two states show the same list (page aside) when they produce the same URL. */
export const sameView = (a: Partial<ListState>, b: Partial<ListState>) =>
  writeState({ ...DEFAULT_STATE, ...a, page: 1 }).toString() ===
  writeState({ ...DEFAULT_STATE, ...b, page: 1 }).toString();

export const isFiltered = (s: ListState) =>
  Boolean(s.q || s.filters.length || s.segmentId || s.tier.length || s.stage.length || s.owner);

export function useListState() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => readState(params), [params]);
  /** Any change other than paging goes back to page 1. */
  const update = useCallback(
    (patch: Partial<ListState>) => {
      setParams((current) => {
        const prev = readState(current);
        const next = { ...prev, ...patch };
        if (!('page' in patch)) next.page = 1;
        return writeState(next);
      });
    },
    [setParams],
  );
  const replace = useCallback(
    (next: Partial<ListState>) => setParams(writeState({ ...DEFAULT_STATE, ...next, page: 1 })),
    [setParams],
  );
  return { state, update, replace };
}
