import { createContext, useContext } from 'react';

/**
 * What the condition builders below may offer beyond the account's fields: the participant contact's own
 * fields (`contact.<field>`), inside a contact journey's branch or condition wait only.
 */
export const ConditionScopeContext = createContext<{ contactFields: boolean }>({ contactFields: false });
export const useConditionScope = () => useContext(ConditionScopeContext);
