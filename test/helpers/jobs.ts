import type { TestApp } from './app.js';

/** Runs a pg-boss job now and resolves once a run of it has completed (or failed), polling with a deadline. */
export async function runJobToEnd(app: TestApp, name: string, timeoutMs = 20_000): Promise<void> {
  const ended = async () =>
    (
      await app.db.owner.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pgboss.job WHERE name = $1 AND state IN ('completed', 'failed')",
        [name],
      )
    ).rows[0]!.n;
  const before = await ended();
  await app.jobs.runNow(name);
  const deadline = Date.now() + timeoutMs;
  while ((await ended()) <= before) {
    if (Date.now() > deadline) throw new Error(`job ${name} did not complete within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
