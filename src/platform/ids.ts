const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value from outside (a route parameter, a form field) is a UUID, before it reaches SQL as one. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}
