import type pg from 'pg';
import { isDatabaseUnavailable } from './unavailable.js';

/** What `/health` says about the database beyond "up now": the current outage, the last one, the losses. */
export interface HealthReport {
  readonly downSince: string | null;
  readonly lastOutage: { readonly from: string; readonly to: string } | null;
  readonly connectionsLost: number;
}

/**
 * The database's recent history as this process saw it: a lost connection or a refused one opens an
 * outage, the next statement that succeeds closes it. Kept per application pool (see `guardPool`).
 */
export class DatabaseHealth {
  private downSince: Date | null = null;
  private lastOutage: { from: Date; to: Date } | null = null;
  private lost = 0;

  /** A statement or a connection attempt failed for want of the database. */
  failed(): void {
    this.downSince ??= new Date();
  }

  /** A connection's backend went away (terminated, server stopped, network). */
  connectionLost(): void {
    this.lost += 1;
    this.failed();
  }

  succeeded(): void {
    if (this.downSince === null) return;
    this.lastOutage = { from: this.downSince, to: new Date() };
    this.downSince = null;
  }

  report(): HealthReport {
    return {
      downSince: this.downSince?.toISOString() ?? null,
      lastOutage: this.lastOutage
        ? { from: this.lastOutage.from.toISOString(), to: this.lastOutage.to.toISOString() }
        : null,
      connectionsLost: this.lost,
    };
  }
}

const healthOfPool = new WeakMap<pg.Pool, DatabaseHealth>();

/** The health record a pool reports to (none for pools that were never guarded). */
export function poolHealth(pool: pg.Pool): DatabaseHealth | undefined {
  return healthOfPool.get(pool);
}

/** Notes how a unit of work on the pool ended: an outage opened by a lost connection, or closed by a success. */
export function noteOutcome(pool: pg.Pool, error: unknown): void {
  const health = healthOfPool.get(pool);
  if (!health) return;
  if (error === null) health.succeeded();
  else if (isDatabaseUnavailable(error)) health.failed();
}

/**
 * Gives a pool AND each of its connections an `error` listener. pg-pool listens on a connection only
 * while it is idle; a checked-out one (a transaction between statements, a request rendering) whose
 * backend is terminated (57P01: pg_terminate_backend, idle_in_transaction_session_timeout, a failover,
 * the server stopping) emits `error` with nobody listening, and Node ends the process. With this
 * listener the connection is marked broken (not queryable: its next statement fails and the request
 * gets a 503), pg-pool drops it when released, and the pool opens new ones by itself.
 */
export function guardPool(
  pool: pg.Pool,
  name: string,
  log: (message: string) => void,
  health: DatabaseHealth = new DatabaseHealth(),
): pg.Pool {
  healthOfPool.set(pool, health);
  // pg-pool re-emits an idle connection's error here; the connection's own listener below counts it.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', (error) => {
      health.connectionLost();
      log(`database ${name}: connection lost: ${error.message}`);
    });
  });
  return pool;
}
