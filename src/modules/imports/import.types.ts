/** A refused row: where it is and why, the reason a catalog key rendered in the reader's language. */
export interface RowError {
  line: number;
  column: string | null;
  reason: string;
  params?: Record<string, unknown>;
}

export interface ImportReport {
  kind: string;
  rows: number;
  imported: number;
  refused: (RowError & { message: string })[];
  createdAccounts: string[];
}
