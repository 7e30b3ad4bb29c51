/**
 * A SELECT that a capability exports for the office's reports: the reports capability wraps it in
 * an INSERT … SELECT into its own tables, so the aggregation is set-based while only the owning
 * capability names its tables (test/architecture.test.ts).
 */
export interface FigureQuery {
  readonly text: string;
  readonly values: readonly unknown[];
}
