/**
 * `npm run bench:fairness`: do bots get more than their share? A simulation through HTTP against
 * the app as `npm start` runs it, with its real defences at their defaults (30 holds per IP and hour,
 * 600 requests per IP and minute, proof of work above 120 holds a minute) and a real SMTP mailbox,
 * so codes are read from e-mails as a person (or a bot owning its mailboxes) would.
 *
 * Every simulated person has an address of their own on 127/8, so per-IP limits see 520 clients,
 * not one. Bots: 20 real people (one name, one mailbox each) with scripts that rotate fake names,
 * spellings, birth dates, e-mail aliases and extra addresses; FAIRNESS_BOT_IPS addresses each.
 *
 * 1. First come: 100 slots of a first-come service; bots loop holding and confirming; 500 people
 *    arrive over FAIRNESS_ARRIVAL_S seconds and each tries to book once.
 * 2. Draw: 100 slots of a draw service; the same crowd registers, the round is closed and drawn.
 */
import { createHash, randomBytes, randomInt } from 'node:crypto';
import http from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { bookingRules, searchSlots } from '../src/appointments/booking/booking-plan.js';
import { commitSeed, newSeed, runDraw } from '../src/appointments/draws/draw.js';
import { publishedEntries, roundById } from '../src/appointments/draws/draw-rounds.js';
import { closedDaysFor } from '../src/appointments/booking/holidays.js';
import { sweep } from '../src/appointments/jobs.js';
import { addDays } from '../src/platform/clock/office-time.js';
import { bookingFacts } from '../src/catalog/booking-facts.js';
import { derivedKey, sealer } from '../src/platform/crypto.js';
import { withTenant } from '../src/platform/database/index.js';
import { startMailbox, type Mailbox } from '../test/helpers/mailbox.js';
import { createLocation, openBookingDb, type BookingDb } from './booking.js';
import { freePort, startBenchServer } from './server.js';

const HUMANS = 500;
const BOTS = 20;
const URGENT_SHARE = 0.15;
const BOT_IPS = Number(process.env.FAIRNESS_BOT_IPS ?? 1);
const ARRIVAL_MS = Number(process.env.FAIRNESS_ARRIVAL_S ?? 60) * 1000;
const today = new Date().toISOString().slice(0, 10);

// ---------------------------------------------------------------------------------------------
// A browser with its own IP address and cookies (node:http, because fetch cannot pick the source).

const agent = new http.Agent({ keepAlive: true });
interface Answer {
  status: number;
  location: string;
  html: string;
}

class Browser {
  private readonly cookies = new Map<string, string>();
  constructor(
    private readonly port: number,
    readonly ip: string,
    private readonly tally?: Map<string, number>,
  ) {}

  request(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Answer> {
    const body = form ? new URLSearchParams(form).toString() : undefined;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: this.port,
          localAddress: this.ip,
          method,
          path: url,
          agent,
          headers: {
            cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
            ...(body
              ? { 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) }
              : {}),
          },
        },
        (res) => {
          for (const header of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = header.split(';');
            const at = pair.indexOf('=');
            this.cookies.set(pair.slice(0, at), pair.slice(at + 1));
          }
          let html = '';
          res
            .setEncoding('utf8')
            .on('data', (chunk: string) => {
              html += chunk;
            })
            .on('end', () => {
              const answer = { status: res.statusCode ?? 0, location: String(res.headers.location ?? ''), html };
              const key = `${method} ${url.replace(/[0-9a-f-]{36}/g, ':id').replace(/\?.*/, '')} ${isPowRefusal(answer) ? 'pow' : answer.status}`;
              this.tally?.set(key, (this.tally.get(key) ?? 0) + 1);
              resolve(answer);
            });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

const csrfOf = (html: string) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
const timesOf = (html: string) => [...html.matchAll(/name="startsAt" value="([^"]+)"/g)].map((m) => m[1]!);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const isPowRefusal = (a: Answer) => a.status === 429 && a.html.includes('Sicherheitsprüfung');

const powSolved = { bots: 0, people: 0 };

/** Solves the page's ALTCHA challenge as pow.js does in a browser: SHA-256(salt + n) = challenge. */
async function solvePow(html: string, who: keyof typeof powSolved): Promise<string | null> {
  const raw = /data-pow="([^"]+)"/.exec(html)?.[1];
  if (!raw) return null;
  powSolved[who]++;
  const c = JSON.parse(
    raw
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, '<')
      .replace(/&amp;/g, '&'),
  ) as { algorithm: string; challenge: string; maxnumber: number; salt: string; signature: string };
  for (let n = 0; n <= c.maxnumber; n++) {
    if (
      createHash('sha256')
        .update(c.salt + n)
        .digest('hex') === c.challenge
    ) {
      return Buffer.from(
        JSON.stringify({
          algorithm: c.algorithm,
          challenge: c.challenge,
          number: n,
          salt: c.salt,
          signature: c.signature,
        }),
      ).toString('base64');
    }
    if (n % 5000 === 4999) await sleep(0); // let the other simulated people run
  }
  return null;
}

/** The six-digit code from the mail whose link names this appointment or registration. */
async function codeFor(mailbox: Mailbox, id: string): Promise<string | null> {
  const mail = await mailbox.waitFor((m) => m.text.includes(id) && /\d{6}/.test(m.subject), 20_000).catch(() => null);
  return mail ? /(\d{6})/.exec(mail.subject)![1]! : null;
}

// ---------------------------------------------------------------------------------------------
// The crowd.

interface Person {
  firstName: string;
  lastName: string;
  birthDate: string;
  email: string;
  locale: string;
  permitExpiresOn: string;
}
const FIRST = [
  'Olena',
  'Mehmet',
  'Leila',
  'Jonas',
  'Amira',
  'Dmytro',
  'Sara',
  'Yusuf',
  'Maria',
  'Ali',
  'Fatima',
  'Ivan',
  'Nour',
  'Pedro',
  'Hana',
  'Omar',
  'Anna',
  'Reza',
  'Lina',
  'Tariq',
];
const LAST = [
  'Kovalenko',
  'Yilmaz',
  'Haddad',
  'Becker',
  'Rahimi',
  'Petrenko',
  'Nowak',
  'Demir',
  'Silva',
  'Karimi',
  'Schmidt',
  'Aydin',
  'Popescu',
  'Hosseini',
  'Ivanova',
  'Kaya',
  'Mansour',
  'Costa',
  'Sahin',
  'Bauer',
  'Novak',
  'Ahmadi',
  'Santos',
  'Celik',
  'Horvat',
];
const birth = () =>
  `${1955 + randomInt(50)}-${String(1 + randomInt(12)).padStart(2, '0')}-${String(1 + randomInt(28)).padStart(2, '0')}`;

/** 500 distinct people; 15 % of them urgent (permit expires within 8 weeks). */
function humans(): (Person & { urgent: boolean })[] {
  return Array.from({ length: HUMANS }, (_, i) => {
    const urgent = i % Math.round(1 / URGENT_SHARE) === 0;
    return {
      firstName: FIRST[i % FIRST.length]!,
      lastName: LAST[Math.floor(i / FIRST.length) % LAST.length]!,
      birthDate: birth(),
      email: `person${i}@mail.example`,
      locale: 'de',
      urgent,
      permitExpiresOn: urgent
        ? addDays(today, 10 + randomInt(40))
        : i % 3 === 0
          ? ''
          : addDays(today, 90 + randomInt(270)),
    };
  });
}

// Bots are real people whose names have spellings the identity key folds (case, accents) and
// some it does not (ü/ue, ß/ss): each script tries every trick below in turn.
const BOT_NAMES: [string, string][] = [
  ['Jürgen', 'Groß'],
  ['Björn', 'Weiß'],
  ['Günther', 'Müller'],
  ['Jörg', 'Strauß'],
  ['Zoë', 'Köhler'],
];
const TRICKS = [
  'exact',
  'fakeNameSameEmail',
  'sameNameOtherEmail',
  'spellingSameEmail',
  'transliterationPlusAlias',
  'fakeNamePlusAlias',
  'birthDatePlusAlias',
] as const;
type Trick = (typeof TRICKS)[number];
const transliterate = (s: string) =>
  s.replace(/ü/g, 'ue').replace(/ö/g, 'oe').replace(/ä/g, 'ae').replace(/ß/g, 'ss').replace(/ë/g, 'e');

function botPerson(b: number, attempt: number): Person & { trick: Trick } {
  const [first, last] = BOT_NAMES[b % BOT_NAMES.length]!;
  const real = {
    firstName: first,
    lastName: `${last}${b >= BOT_NAMES.length ? `-${LAST[b]}` : ''}`,
    birthDate: `19${70 + b}-05-0${1 + (b % 9)}`,
    email: `bot${b}@bot${b}.example`,
  };
  // Each bot starts at another trick, so that the few holds each gets try every trick between them.
  const trick = TRICKS[(attempt + b) % TRICKS.length]!;
  const alias = `bot${b}+${attempt}@bot${b}.example`; // the same mailbox, another address
  const fake = {
    firstName: FIRST[(attempt * 7 + b) % FIRST.length]!,
    lastName: LAST[(attempt * 11 + b) % LAST.length]!,
    birthDate: birth(),
  };
  const person = {
    exact: real,
    fakeNameSameEmail: { ...real, ...fake },
    sameNameOtherEmail: { ...real, email: `x${attempt}@catchall-bot${b}.example` },
    spellingSameEmail: {
      ...real,
      firstName: real.firstName.toUpperCase(),
      lastName: ` ${real.lastName.toLowerCase()} `,
    },
    transliterationPlusAlias: {
      ...real,
      firstName: transliterate(real.firstName),
      lastName: transliterate(real.lastName),
      email: alias,
    },
    fakeNamePlusAlias: { ...real, ...fake, email: alias },
    birthDatePlusAlias: { ...real, birthDate: addDays(real.birthDate, 1 + (attempt % 20)), email: alias },
  }[trick];
  // Every bot claims its permit is about to expire: urgency is what the person types.
  return { ...person, locale: 'de', permitExpiresOn: addDays(today, 20), trick };
}

/** IP addresses: people on 127.1–3.x.y (by phase), bot b on 127.9.b.k. */
const humanIp = (phase: number, i: number) => `127.${phase}.${i >> 7}.${(i & 127) + 1}`;
const botIp = (b: number, k: number) => `127.9.${b}.${(k % BOT_IPS) + 1}`;

// ---------------------------------------------------------------------------------------------
// Setting up: a location with exactly 100 first-come slots, a draw round over exactly 100 slots.

async function slotUnits(
  db: BookingDb,
  pool: pg.Pool,
  serviceId: string,
  locationId: string,
  firstDay: string,
  days: number,
): Promise<number> {
  return withTenant(pool, db.authorityId, async (tx) => {
    const service = (await bookingFacts(tx, 'de', { id: serviceId }))!;
    const rules = await bookingRules(tx, db.authorityId);
    const found = await searchSlots(tx, {
      authorityId: db.authorityId,
      service,
      locationId,
      channel: 'online',
      firstDay,
      days,
      notBefore: Date.now() + rules.leadMinutes * 60_000,
    });
    return found.reduce((n, d) => n + d.slots.reduce((m, s) => m + s.counterIds.length, 0), 0);
  });
}

/** Two consecutive working days from `from` on that are not public holidays. */
function twoOpenDays(stateCode: string, from: string): [string, string] {
  const holidays = closedDaysFor(stateCode, from, 60, []);
  let day = from;
  while (holidays.has(day) || holidays.has(addDays(day, 1))) day = addDays(day, 1);
  return [day, addDays(day, 1)];
}

// ---------------------------------------------------------------------------------------------

interface Tally {
  requests: Map<string, number>;
  booked: Map<number, string[]>;
  held: Map<string, number>;
}
const newTally = (): Tally => ({ requests: new Map(), booked: new Map(), held: new Map() });
const sum = (m: Map<string, number>, match: (k: string) => boolean) =>
  [...m].filter(([k]) => match(k)).reduce((n, [, v]) => n + v, 0);

/** One person tries to book once: up to three picks, then gives up. Returns 'booked' or why not. */
async function humanBooks(port: number, ip: string, week: string, person: Person, mailbox: Mailbox): Promise<string> {
  const browser = new Browser(port, ip);
  let last = 'noSlot';
  for (let tries = 0; tries < 3; tries++) {
    const page = await browser.request('GET', week);
    const times = timesOf(page.html);
    if (times.length === 0) return page.status === 200 ? 'noSlot' : `week:${page.status}`;
    const altcha = await solvePow(page.html, 'people');
    const hold = await browser.request('POST', `${week}/hold`, {
      _csrf: csrfOf(page.html),
      startsAt: times[randomInt(Math.min(5, times.length))]!,
      ...(altcha ? { altcha } : {}),
    });
    if (hold.status !== 303) {
      last = `hold:${isPowRefusal(hold) ? 'pow' : hold.status}`;
      continue;
    }
    const id = hold.location.split('/').pop()!;
    const details = await browser.request('POST', hold.location, { _csrf: csrfOf(page.html), ...person });
    if (details.status !== 303) return `details:${details.status}`;
    const code = await codeFor(mailbox, id);
    if (!code) return 'noCode';
    const confirmed = await browser.request('POST', details.location, { _csrf: csrfOf(page.html), code });
    return confirmed.status === 303 ? 'booked' : `confirm:${confirmed.status}`;
  }
  return last;
}

/** A bot: hold whatever is free, as fast as allowed, and turn holds into bookings with its tricks. */
async function botBooks(
  port: number,
  b: number,
  week: string,
  mailbox: Mailbox,
  tally: Tally,
  running: () => boolean,
): Promise<void> {
  for (let attempt = 0, k = 0; running(); k++) {
    const browser = new Browser(port, botIp(b, k), tally.requests); // fresh cookies: no "one hold per browser"
    const page = await browser.request('GET', week);
    const times = timesOf(page.html);
    if (page.status !== 200 || times.length === 0) {
      await sleep(100);
      continue;
    }
    const altcha = await solvePow(page.html, 'bots');
    const hold = await browser.request('POST', `${week}/hold`, {
      _csrf: csrfOf(page.html),
      startsAt: times[randomInt(times.length)]!,
      ...(altcha ? { altcha } : {}),
    });
    if (hold.status === 429) await sleep(100);
    if (hold.status !== 303) continue;
    const id = hold.location.split('/').pop()!;
    tally.held.set(id, b);
    const person = botPerson(b, attempt++);
    const details = await browser.request('POST', hold.location, { _csrf: csrfOf(page.html), ...person });
    if (details.status !== 303) continue; // refused: the hold still blocks the slot until it runs out
    const code = await codeFor(mailbox, id);
    const confirmed = code ? await browser.request('POST', details.location, { _csrf: csrfOf(page.html), code }) : null;
    if (confirmed?.status === 303) tally.booked.set(b, [...(tally.booked.get(b) ?? []), person.trick]);
  }
}

async function firstCome(
  port: number,
  db: BookingDb,
  appPool: pg.Pool,
  mailbox: Mailbox,
  print: (n: string, v: number) => void,
): Promise<Tally> {
  const stateCode = (
    await db.owner.query<{ state_code: string }>('SELECT state_code FROM authorities WHERE id = $1', [db.authorityId])
  ).rows[0]!.state_code;
  const [d1, d2] = twoOpenDays(stateCode, addDays(today, 2));
  // 5 counters × 10 half-hour slots on two days = 100; every other day of the horizon is closed.
  const { locationId } = await createLocation(db, {
    slug: 'fair-first-come',
    serviceIds: [db.service.id],
    counters: 5,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    opens: '08:00',
    closes: '13:00',
  });
  await db.owner.query(
    `INSERT INTO closed_days (authority_id, location_id, day, reason)
                        SELECT $1, $2, d::date, 'Simulation' FROM generate_series($3::date, $3::date + 100, interval '1 day') d WHERE d::date NOT IN ($4::date, $5::date)`,
    [db.authorityId, locationId, today, d1, d2],
  );
  print('fairness.firstcome.slots', await slotUnits(db, appPool, db.service.id, locationId, today, 100));

  const week = '/de/appointments/residence-permit-extension/fair-first-come';
  const tally = newTally();
  let running = true;
  const bots = Array.from({ length: BOTS }, (_, b) => botBooks(port, b, week, mailbox, tally, () => running));
  const crowd = humans();
  const outcomes = await Promise.all(
    crowd.map(async (person, i) => {
      await sleep((i / HUMANS) * ARRIVAL_MS);
      return humanBooks(port, humanIp(1, i), week, person, mailbox).catch((error: unknown) => `error:${String(error)}`);
    }),
  );
  running = false;
  await Promise.all(bots);

  // What the bots hold or have booked now, from the database (live holds and codes count: they block).
  const { rows } = await db.owner.query<{ id: string; status: string }>(
    `SELECT id, status FROM appointments WHERE location_id = $1 AND occupies AND (releases_at IS NULL OR releases_at > now())`,
    [locationId],
  );
  const perBot = new Map<number, number>();
  for (const r of rows)
    if (tally.held.has(r.id)) perBot.set(tally.held.get(r.id)!, (perBot.get(tally.held.get(r.id)!) ?? 0) + 1);
  const excess = [...perBot.values()].reduce((n, v) => n + Math.max(0, v - 1), 0);
  const booked = [...tally.booked.values()].flat();
  print('fairness.firstcome.bot_excess_slots', excess);
  print(
    'fairness.firstcome.bot_slots_held_or_booked',
    [...perBot.values()].reduce((a, b) => a + b, 0),
  );
  print('fairness.firstcome.bot_booked', booked.length);
  print(
    'fairness.firstcome.bot_booked_excess',
    [...tally.booked.values()].reduce((n, v) => n + Math.max(0, v.length - 1), 0),
  );
  print('fairness.firstcome.bot_holds_only', [...perBot.values()].reduce((a, b) => a + b, 0) - booked.length);
  // Which tricks got a bot a second (third, …) booking past "one per person, one per e-mail address".
  const extra = [...tally.booked.values()].flatMap((tricks) => tricks.slice(1));
  for (const trick of TRICKS)
    print(`fairness.firstcome.bot_extra_booked_by.${trick}`, extra.filter((t) => t === trick).length);
  print('fairness.firstcome.humans_booked', outcomes.filter((o) => o === 'booked').length);
  print('fairness.firstcome.humans_no_slot', outcomes.filter((o) => o === 'noSlot' || o.startsWith('hold:')).length);
  print(
    'fairness.firstcome.humans_failed',
    outcomes.filter((o) => o !== 'booked' && o !== 'noSlot' && !o.startsWith('hold:')).length,
  );
  console.error(
    'first come, people:',
    JSON.stringify(
      Object.fromEntries(outcomes.reduce((m, o) => m.set(o, (m.get(o) ?? 0) + 1), new Map<string, number>())),
    ),
  );
  const urgent = crowd.map((p, i) => ({ p, o: outcomes[i] })).filter((x) => x.p.urgent);
  print('fairness.firstcome.urgent_served_share', urgent.filter((x) => x.o === 'booked').length / urgent.length);
  print(
    'fairness.firstcome.bot_requests',
    sum(tally.requests, () => true),
  );
  print(
    'fairness.firstcome.bot_refused_429',
    sum(tally.requests, (k) => k.endsWith(' 429')),
  );
  print('fairness.firstcome.bot_holds', tally.held.size);
  print(
    'fairness.firstcome.bot_pow_refused',
    sum(tally.requests, (k) => k.endsWith(' pow')),
  );
  // How often the proof of work was asked for (above 120 holds a minute), and so solved.
  print('fairness.firstcome.pow_solved_by_bots', powSolved.bots);
  print('fairness.firstcome.pow_solved_by_people', powSolved.people);
  return tally;
}

// ---------------------------------------------------------------------------------------------

async function registerOnce(
  browser: Browser,
  roundId: string,
  person: Person,
  mailbox: Mailbox,
): Promise<string | null> {
  const page = await browser.request('GET', `/de/draws/${roundId}`);
  if (page.status !== 200) return null;
  const sent = await browser.request('POST', `/de/draws/${roundId}/register`, { _csrf: csrfOf(page.html), ...person });
  if (sent.status !== 303) return null;
  const id = sent.location.split('/').pop()!;
  const code = await codeFor(mailbox, id);
  const confirmed = code ? await browser.request('POST', sent.location, { _csrf: csrfOf(page.html), code }) : null;
  return confirmed?.status === 303 ? id : null;
}

async function draw(
  port: number,
  db: BookingDb,
  appPool: pg.Pool,
  mailbox: Mailbox,
  secretKey: string,
  print: (n: string, v: number) => void,
): Promise<Tally> {
  const {
    rows: [service],
  } = await db.owner.query<{ id: string }>(
    "SELECT id FROM services WHERE slug = 'settlement-permit' AND authority_id = $1",
    [db.authorityId],
  );
  const stateCode = (
    await db.owner.query<{ state_code: string }>('SELECT state_code FROM authorities WHERE id = $1', [db.authorityId])
  ).rows[0]!.state_code;
  const [d1, d2] = twoOpenDays(stateCode, addDays(today, 14));
  // 5 counters × 10 slots of 45 minutes on two days = 100 units to draw.
  const { locationId } = await createLocation(db, {
    slug: 'fair-draw',
    serviceIds: [service!.id],
    counters: 5,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    opens: '08:00',
    closes: '15:30',
  });
  const seed = newSeed();
  const {
    rows: [round],
  } = await db.owner.query<{ id: string }>(
    `INSERT INTO draw_rounds (authority_id, service_id, location_id, opens_at, closes_at, slots_from, slots_until, seed_hash, sealed_seed)
     VALUES ($1, $2, $3, now() - interval '1 hour', now() + interval '7 days', $4, $5, $6, $7) RETURNING id`,
    [db.authorityId, service!.id, locationId, d1, d2, commitSeed(seed), sealer(secretKey).seal(seed)],
  );
  const roundId = round!.id;
  const units = await slotUnits(db, appPool, service!.id, locationId, d1, 2);
  print('fairness.draw.slots', units);

  const tally = newTally();
  const owners = new Map<string, { human: number } | { bot: number; trick: Trick }>();
  let running = true;
  const bots = Array.from({ length: BOTS }, async (_, b) => {
    for (let attempt = 0; running; attempt++) {
      const person = botPerson(b, attempt);
      const id = await registerOnce(new Browser(port, botIp(b, attempt), tally.requests), roundId, person, mailbox);
      if (id) owners.set(id, { bot: b, trick: person.trick });
      else await sleep(100);
    }
  });
  const crowd = humans();
  const ids = await Promise.all(
    crowd.map(async (person, i) => {
      await sleep((i / HUMANS) * ARRIVAL_MS);
      const id = await registerOnce(new Browser(port, humanIp(2, i)), roundId, person, mailbox).catch(() => null);
      if (id) owners.set(id, { human: i });
      return id;
    }),
  );
  running = false;
  await Promise.all(bots);

  // Close the round and run the job that draws it, as the minute's sweep would.
  await db.owner.query(`UPDATE draw_rounds SET closes_at = now() - interval '1 second' WHERE id = $1`, [roundId]);
  // Its mails are queued in the outbox and sent by the running app's worker.
  const sweepError = await sweep({
    pool: appPool,
    sealer: sealer(secretKey),
    links: { base: `http://localhost:${port}` },
    identitySecret: derivedKey(secretKey, 'appointment identity'),
  }).then(
    () => null,
    (error: unknown) => error,
  );

  const { rows } = await db.owner.query<{
    id: string;
    pseudonym: string;
    email: string;
    outcome: string | null;
    urgent: boolean;
  }>(
    `SELECT r.id, r.pseudonym, r.email, r.outcome, coalesce(r.permit_expires_on <= (d.closes_at AT TIME ZONE 'Europe/Berlin')::date + 56, false) AS urgent
       FROM draw_registrations r JOIN draw_rounds d ON d.id = r.round_id WHERE r.round_id = $1 AND r.confirmed_at IS NOT NULL`,
    [roundId],
  );
  const {
    rows: [drawn],
  } = await db.owner.query<{ slot_count: number | null; drawn_at: Date | null }>(
    'SELECT slot_count, drawn_at FROM draw_rounds WHERE id = $1',
    [roundId],
  );
  let won = rows.filter((r) => r.outcome === 'won');
  let slotCount = drawn?.slot_count ?? 0;
  print('fairness.draw.sweep_failed', drawn?.drawn_at ? 0 : 1);
  if (!drawn?.drawn_at) {
    // The app could not draw (see stderr). The allocation it was about to make is still fixed by
    // the committed seed: the same order from the app's runDraw, the same rule at booking (a second
    // win with an e-mail address that already won is not booked and its slot stays empty).
    console.error('the sweep did not draw the round:', sweepError);
    const {
      rows: [sealed],
    } = await db.owner.query<{ sealed_seed: string }>('SELECT sealed_seed FROM draw_rounds WHERE id = $1', [roundId]);
    const entries = await withTenant(appPool, db.authorityId, async (tx) =>
      publishedEntries(tx, (await roundById(tx, roundId))!),
    );
    slotCount = units;
    const order = runDraw(sealer(secretKey).open(sealed!.sealed_seed), entries, slotCount).winners.map(
      (w) => w.pseudonym,
    );
    const byPseudonym = new Map(rows.map((r) => [r.pseudonym, r]));
    const emails = new Set<string>();
    won = [];
    for (const pseudonym of order) {
      const r = byPseudonym.get(pseudonym)!;
      if (!emails.has(r.email.toLowerCase())) won.push(r);
      emails.add(r.email.toLowerCase());
    }
  }
  const botWins = new Map<number, number>();
  const extraWins: Trick[] = [];
  for (const r of won) {
    const owner = owners.get(r.id);
    if (!owner || !('bot' in owner)) continue;
    if (botWins.has(owner.bot)) extraWins.push(owner.trick);
    botWins.set(owner.bot, (botWins.get(owner.bot) ?? 0) + 1);
  }
  const urgentHumans = crowd.map((p, i) => ({ p, id: ids[i] })).filter((x) => x.p.urgent);
  const wonIds = new Set(won.map((r) => r.id));
  print(
    'fairness.bot_excess_slots',
    [...botWins.values()].reduce((n, v) => n + Math.max(0, v - 1), 0),
  );
  print(
    'fairness.urgent_served_share',
    urgentHumans.filter((x) => x.id && wonIds.has(x.id)).length / urgentHumans.length,
  );
  print('fairness.draw.urgent_humans', urgentHumans.length);
  print('fairness.draw.humans_not_registered', ids.filter((id) => !id).length);
  print('fairness.draw.human_entries', rows.filter((r) => 'human' in (owners.get(r.id) ?? {})).length);
  print('fairness.draw.bot_entries', rows.filter((r) => 'bot' in (owners.get(r.id) ?? {})).length);
  print('fairness.draw.bot_entries_urgent', rows.filter((r) => r.urgent && 'bot' in (owners.get(r.id) ?? {})).length);
  print(
    'fairness.draw.bot_won',
    [...botWins.values()].reduce((a, b) => a + b, 0),
  );
  for (const trick of TRICKS)
    print(`fairness.draw.bot_extra_won_by.${trick}`, extraWins.filter((t) => t === trick).length);
  print('fairness.draw.humans_won', won.filter((r) => 'human' in (owners.get(r.id) ?? {})).length);
  // A bot's second win with the same e-mail address cannot be booked: that slot stays empty.
  print('fairness.draw.unallocated_slots', slotCount - won.length);
  print(
    'fairness.draw.bot_requests',
    sum(tally.requests, () => true),
  );
  print(
    'fairness.draw.bot_refused_429',
    sum(tally.requests, (k) => k.endsWith(' 429')),
  );
  return tally;
}

async function main(): Promise<void> {
  const print = (name: string, value: number) =>
    console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(3)}`);
  const mailbox = await startMailbox();
  const dataDir = await mkdtemp(path.join(tmpdir(), 'willkommen-fairness-'));
  const pgPort = await freePort();
  const secretKey = randomBytes(32).toString('base64');
  // The app's own defences at their defaults: only the mail server and the data folder are set.
  const server = await startBenchServer({
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SECRET_KEY: secretKey,
    SMTP_URL: mailbox.url,
    RATE_LIMIT_PER_MINUTE: '600',
  });
  const db = await openBookingDb(dataDir, pgPort);
  const appPool = new pg.Pool({ connectionString: db.appUrl, max: 4 });
  const port = Number(new URL(server.base).port);
  try {
    const a = await firstCome(port, db, appPool, mailbox, print);
    const b = await draw(port, db, appPool, mailbox, secretKey, print);
    print('fairness.bot_requests', sum(a.requests, () => true) + sum(b.requests, () => true));
    print(
      'fairness.bot_refused_429',
      sum(a.requests, (k) => k.endsWith(' 429')) + sum(b.requests, (k) => k.endsWith(' 429')),
    );
    console.error(
      'bot requests by route and status:',
      JSON.stringify(Object.fromEntries([...a.requests, ...b.requests].sort())),
    );
  } finally {
    await appPool.end();
    await db.owner.end();
    await server.stop();
    await mailbox.close();
    agent.destroy();
    await rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
