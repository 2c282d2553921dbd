/** The lists behind the Team page's figures, filtered by their URL parameters (as the Home's tiles). */
export const teamLinks = {
  book: (ownerId: string) => `/accounts?owner=${ownerId}&sort=health&order=asc`,
  /** The book's accounts whose health is red (account facts: the primary scorecard's colour, docs/lists.md). */
  atRisk: (ownerId: string) =>
    `/accounts?owner=${ownerId}&filters=${encodeURIComponent(JSON.stringify([{ field: 'health_color', op: 'eq', value: 'red' }]))}`,
  ctas: (ownerId: string, overdue: boolean) => `/ctas?scope=all&ownerId=${ownerId}${overdue ? '&overdue=true' : ''}`,
  renewals: (ownerId?: string) => `/renewals?days=90${ownerId ? `&ownerId=${ownerId}` : ''}`,
};
