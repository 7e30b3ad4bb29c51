/**
 * The live queue under load: 1,000 phone pages and 20 waiting-room displays connected to one
 * location (server-sent events); a caseworker calls the next person again and again. Measured:
 * the time from the start of "call next" to the moment each connected client has the event.
 *
 * "Call next" runs the very use case the staff route runs (callNextTicket), here in the bench
 * process against the server's database: the server learns of the change as it would from another
 * instance, by NOTIFY, reads the location's queue once and pushes it to every client.
 */
import { request, type IncomingMessage } from 'node:http';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { performance } from 'node:perf_hooks';
import { officeToday } from '../src/platform/clock/office-time.js';
import type { Context } from '../src/platform/context.js';
import { withTenant } from '../src/platform/database/index.js';
import { advanceTicket } from '../src/queue/advance-ticket.js';
import { callNextTicket } from '../src/queue/call-next-ticket.js';
import { insertTicket } from '../src/queue/tickets.js';
import { openBookingDb, percentile } from './booking.js';
import { freePort, startBenchServer } from './server.js';

const PHONES = Number(process.env.QUEUE_PHONES ?? 1000);
const DISPLAYS = Number(process.env.QUEUE_DISPLAYS ?? 20);
const CALLS = Number(process.env.QUEUE_CALLS ?? 20);

type Print = (name: string, value: number, digits?: number) => void;

/** One live client: counts the events it received and when the last one came. */
interface LiveClient {
  events: number;
  lastAt: number;
  /** A phone page whose visit has ended gets nothing more (its state no longer changes). */
  ended: boolean;
  response: IncomingMessage | null;
}

function connect(base: string, pathName: string): Promise<LiveClient> {
  const client: LiveClient = { events: 0, lastAt: 0, ended: false, response: null };
  return new Promise((resolve, reject) => {
    const req = request(`${base}${pathName}`, { agent: false }, (response) => {
      client.response = response;
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const block = buffer.slice(0, end);
          if (block.startsWith('event: state')) {
            client.events += 1;
            client.ended = block.includes('"status":"ended"');
            client.lastAt = performance.now();
            if (client.events === 1) resolve(client);
          }
          buffer = buffer.slice(end + 2);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

async function settle(ms: number): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms));
}

/** The demo office's first caseworker as a signed-in actor, with the roles stored for them. */
async function demoCaseworker(owner: pg.Pool, authorityId: string): Promise<Context['actor']> {
  const { rows } = await owner.query<{
    id: string;
    email: string;
    location_ids: string[] | null;
    service_ids: string[] | null;
  }>(
    `SELECT u.id, u.email, r.location_ids, r.service_ids FROM staff_users u JOIN staff_roles r ON r.user_id = u.id
      WHERE u.authority_id = $1 AND r.role = 'caseworker' ORDER BY u.email LIMIT 1`,
    [authorityId],
  );
  const user = rows[0]!;
  return {
    kind: 'staff',
    userId: user.id,
    email: user.email,
    authorityId,
    roles: [{ role: 'caseworker', locationIds: user.location_ids, serviceIds: user.service_ids }],
    ip: '127.0.0.1',
  };
}

export async function queueBench(print: Print): Promise<void> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-bench-queue-'));
  const pgPort = await freePort();
  const server = await startBenchServer({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SECRET_KEY: randomBytes(32).toString('base64'),
    // The 1,020 phones and displays all connect from this one loopback address; in an office they
    // come from as many phones (the cap per address, 50 by default, is for one address's flood).
    LIVE_STREAMS_PER_ADDRESS: String(PHONES + DISPLAYS),
  });
  const db = await openBookingDb(dataDir, pgPort);
  const clients: LiveClient[] = [];
  try {
    const {
      rows: [place],
    } = await db.owner.query<{ location: string; service: string; counter: string }>(
      `SELECT l.id AS location, s.id AS service, c.id AS counter FROM locations l
         JOIN counters c ON c.location_id = l.id AND c.label = 'Schalter 1'
         JOIN services s ON s.slug = 'address-change' AND s.authority_id = l.authority_id
        WHERE l.slug = 'mitte' AND l.authority_id = $1`,
      [db.authorityId],
    );
    const ctx: Context = {
      pool: db.owner,
      authorityId: db.authorityId,
      // "Call next" as the staff route runs it: for a caseworker of the office, with the grants stored.
      actor: await demoCaseworker(db.owner, db.authorityId),
    };
    const tokens = await withTenant(db.owner, db.authorityId, async (tx) => {
      const issued: string[] = [];
      for (let i = 0; i < PHONES; i += 1) {
        const ticket = await insertTicket(tx, {
          authorityId: db.authorityId,
          locationId: place!.location,
          serviceId: place!.service,
          officeDay: officeToday(Date.now()),
          kind: 'walk_in',
          locale: 'de',
          appointmentId: null,
          dueAt: null,
          kioskId: null,
        });
        issued.push(ticket!.token);
      }
      return issued;
    });
    for (let i = 0; i < DISPLAYS; i += 1) clients.push(await connect(server.base, '/display/mitte/events'));
    for (let i = 0; i < tokens.length; i += 50) {
      clients.push(
        ...(await Promise.all(
          tokens.slice(i, i + 50).map((token) => connect(server.base, `/de/queue/${token}/events`)),
        )),
      );
    }
    print('queue.clients', clients.length);

    const latencies: number[] = [];
    let missed = 0;
    let current: string | null = null;
    for (let call = 0; call < CALLS; call += 1) {
      // The visit before ends first (its own events), then the clock runs from "call next".
      if (current) await advanceTicket({ ticketId: current, step: 'served' }, ctx);
      await settle(300);
      const live = clients.filter((c) => !c.ended);
      const before = live.map((c) => c.events);
      const started = performance.now();
      const result = await callNextTicket({ counterId: place!.counter }, ctx);
      if (!result.ok) throw new Error(`call next failed: ${result.reason}`);
      current = result.ticketId;
      const deadline = Date.now() + 5_000;
      while (live.some((c, i) => c.events === before[i]) && Date.now() < deadline) await settle(5);
      live.forEach((c, i) => {
        if (c.events === before[i]) missed += 1;
        else latencies.push(c.lastAt - started);
      });
    }
    print('queue.calls', CALLS);
    print('queue.call_to_clients.p50_ms', percentile(latencies, 0.5));
    print('queue.call_to_clients.p99_ms', percentile(latencies, 0.99));
    print('queue.call_to_clients.max_ms', Math.max(...latencies));
    print('queue.call_to_clients.missed', missed);
    print('queue.memory.rss_mb', server.rssMb());
  } finally {
    for (const client of clients) client.response?.destroy();
    await db.owner.end();
    await server.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
