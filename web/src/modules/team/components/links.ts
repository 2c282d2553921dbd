/** The lists behind the Team page's figures, filtered by their URL parameters (as the Home's tiles). */
export const teamLinks = {
  book: (ownerId: string) => `/accounts?owner=${ownerId}&sort=health&order=asc`,
  ctas: (ownerId: string, overdue: boolean) => `/ctas?scope=all&ownerId=${ownerId}${overdue ? '&overdue=true' : ''}`,
  renewals: (ownerId?: string) => `/renewals?days=90${ownerId ? `&ownerId=${ownerId}` : ''}`,
};
