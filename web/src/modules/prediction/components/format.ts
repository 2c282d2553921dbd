export const formatPercent = (value: number, digits = 0) => `${(value * 100).toFixed(digits)} %`;
export const formatAuc = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : value.toFixed(3);
