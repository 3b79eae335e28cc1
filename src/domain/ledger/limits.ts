/**
 * How large a ledger file may be (documented in README “Importing a ledger”). A unit's equipment
 * ledger or people list is thousands of rows at most; a 60,000-row ledger is about 5 MB as CSV.
 */
export interface LedgerLimits {
  /** the file as it is on disk (CSV or .xlsx) */
  maxFileBytes: number;
  /** an .xlsx's content once uncompressed (a zip bomb is small on disk and huge inflated) */
  maxXlsxInflatedBytes: number;
  /** data rows below the header */
  maxRows: number;
}

export const LEDGER_LIMITS: LedgerLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxXlsxInflatedBytes: 200 * 1024 * 1024,
  maxRows: 100_000,
};
