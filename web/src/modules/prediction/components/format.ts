export const formatAuc = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toFixed(3);
