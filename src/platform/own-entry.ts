/**
 * A table's entry for a key that came from outside (a query's `notice`, a form's choice), or
 * undefined: only the table's own keys count, so `toString` or `__proto__` finds nothing instead
 * of a function every object inherits.
 */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string | null | undefined): T | undefined {
  return key !== null && key !== undefined && Object.hasOwn(table, key) ? table[key] : undefined;
}
