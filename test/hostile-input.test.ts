import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';
import { hashPassword } from '../src/identity/passwords.js';
import { rolesFor, type StaffAction } from '../src/platform/access/policies.js';
import { ROLES, type Role } from '../src/platform/access/roles.js';
import { startTestApp, type TestApp } from './helpers/app.js';
import { Client, csrfIn } from './helpers/client.js';
import {
  HOSTILE_CLASSES,
  HOSTILE_FILES,
  MARKER,
  MULTIPART_WITHOUT_BOUNDARY,
  PROTOTYPE_NAMES,
  REDIRECT_FIELDS,
  REDIRECT_TARGETS,
  type HostileClass,
  type HostileFile,
} from './helpers/hostile-values.js';
import { startMailbox, type Mailbox } from './helpers/mailbox.js';
import { plantReachableData, type ReachableData } from './helpers/reachable-data.js';
import {
  formsIn,
  linksIn,
  matchPath,
  pathOf,
  patternOf,
  routeKey,
  type Form,
  type Pattern,
} from './helpers/route-crawl.js';
import { signedInStaff } from './helpers/staff.js';

/**
 * Every route of the route table, with every class of hostile input, as every kind of visitor
 * that can reach it: deterministic, no sampling. Real ids, slugs and tokens (found by crawling the
 * app's own pages from the rows planted in reachable-data.ts) fill the path, so handlers run; each
 * parameter is also replaced by every hostile segment. Nothing may answer 5xx, no page may contain
 * a marker unescaped, and every staff route must be reached (past the guard) by a role allowed to.
 */

let app: TestApp;
let mailbox: Mailbox;
let data: ReachableData;

interface Actor {
  readonly label: string;
  readonly client: Client;
  csrf: string;
}

const actors = new Map<string, Actor>();
/** The test's own accounts: never the target of a deactivation or a reset. */
const ownIds: string[] = [];
let userCount = 0;

async function staffActor(role: Role): Promise<Actor> {
  userCount += 1;
  const { client, id } = await signedInStaff(app, `hostile-${role}-${userCount}@musterstadt.example`, role);
  ownIds.push(id);
  // A partner's account works for one organisation (the one planted with a referral).
  if (role === 'partner') {
    await app.db.owner.query(
      "UPDATE staff_roles SET partner_id = (SELECT id FROM partner_organisations WHERE slug = 'hostile-partner') WHERE user_id = $1",
      [id],
    );
  }
  return { label: role, client, csrf: csrfIn((await client.get('/staff/profile')).html) };
}

/** A member of staff past the password, before the second factor (the `'half'` routes). */
async function halfSignedIn(): Promise<Actor> {
  const authority = (await app.db.owner.query<{ id: string }>("SELECT id FROM authorities WHERE slug = 'musterstadt'"))
    .rows[0]!.id;
  const password = 'Ein langer sicherer Satz zum Testen';
  const { rows } = await app.db.owner.query<{ id: string }>(
    `INSERT INTO staff_users (authority_id, email, display_name, status, password_hash)
     VALUES ($1, 'hostile-half@musterstadt.example', 'Half', 'active', $2) RETURNING id`,
    [authority, await hashPassword(password)],
  );
  ownIds.push(rows[0]!.id);
  const client = new Client(app.base);
  const signed = await client.submit('/staff/login', '/staff/login', {
    email: 'hostile-half@musterstadt.example',
    password,
  });
  const page = await client.get(signed.location!);
  return { label: 'half', client, csrf: csrfIn(page.html) };
}

before(async () => {
  mailbox = await startMailbox();
  app = await startTestApp({
    SMTP_URL: mailbox.url,
    RATE_LIMIT_PER_MINUTE: '100000000',
    LOGIN_ATTEMPTS_PER_IP: '100000',
    BOOKING_HOLDS_PER_IP_HOUR: '100000000',
    POW_ABOVE_HOLDS_PER_MINUTE: '100000000',
  });
  data = await plantReachableData(app, mailbox);
  for (const role of ROLES) actors.set(role, await staffActor(role));
  actors.set('half', await halfSignedIn());
  const visitor = new Client(app.base);
  for (const [name, value] of Object.entries(data.visitorCookies)) visitor.setCookie(name, value);
  actors.set('none', { label: 'none', client: visitor, csrf: csrfIn((await visitor.get('/de/accessibility')).html) });
});
after(async () => {
  await app?.close();
  await mailbox?.close();
});

interface Answer {
  readonly status: number;
  readonly type: string;
  readonly text: string;
  readonly location: string | null;
  /** A header a hostile value tried to inject (X-Hostile, or a cookie named hostile). */
  readonly injected: boolean;
}

interface Sent {
  readonly query?: string;
  readonly body?: string | FormData;
  readonly type?: string;
}

let addressCount = 0;

/**
 * One request from a loopback address of its own (127.0.0.2–254, in turn): the limits per address
 * (30 or 60 an hour on some forms) would otherwise answer 429 before the handler after a few classes.
 */
async function send(actor: Actor, method: string, path: string, sent: Sent = {}): Promise<Answer> {
  let body: Buffer | undefined;
  let type = sent.type;
  if (sent.body instanceof FormData) {
    const encoded = new Response(sent.body);
    body = Buffer.from(await encoded.arrayBuffer());
    type = encoded.headers.get('content-type') ?? undefined;
  } else if (sent.body !== undefined) body = Buffer.from(sent.body);
  addressCount += 1;
  const url = new URL(app.base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: url.hostname,
        port: url.port,
        method,
        path: `${path}${sent.query ? `?${sent.query}` : ''}`,
        localAddress: `127.0.0.${2 + (addressCount % 253)}`,
        headers: {
          cookie: actor.client.cookieHeader,
          ...(type ? { 'content-type': type } : {}),
          ...(body ? { 'content-length': String(body.length) } : {}),
        },
      },
      (response) => {
        const answerType = String(response.headers['content-type'] ?? '');
        const location = response.headers.location ?? null;
        const injected =
          response.headers['x-hostile'] !== undefined ||
          (response.headers['set-cookie'] ?? []).some((c) => c.startsWith('hostile='));
        // Live streams never end: their headers are the answer.
        if (answerType.startsWith('text/event-stream')) {
          response.destroy();
          resolve({ status: response.statusCode!, type: answerType, text: '', location, injected });
          return;
        }
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode!,
            type: answerType,
            text: Buffer.concat(chunks).toString(),
            location,
            injected,
          }),
        );
        response.on('error', reject);
      },
    );
    // A server may answer (413) and close before an oversized body is sent: the answer counts.
    request.on('error', (error: NodeJS.ErrnoException) =>
      resolve({
        status: 0,
        type: '',
        text: `connection ${error.code ?? error.message}`,
        location: null,
        injected: false,
      }),
    );
    request.end(body);
  });
}

// ---------------------------------------------------------------------------------------------
// Crawling: a concrete path for each route, and the form that posts to it.

const OTHER_LOCALE = /^\/(en|tr|uk|ar|ru|fa)(\/|$)/;
const examples = new Map<string, string>();
const formsOf = new Map<string, Form>();
/** A query a GET route answered below 400 with (a code looked up): its requests as shown send it. */
const queriesOf = new Map<string, string>();

function remember(patterns: readonly Pattern[], path: string): void {
  if (OTHER_LOCALE.test(path) || [...data.keep, ...ownIds].some((id) => path.includes(id))) return;
  const found = ['GET', 'POST'].map((method) => matchPath(patterns, method, path));
  const best = Math.max(...found.map((f) => f?.pattern.staticScore ?? -1));
  // A path is the most specific route's (`/staff/admin/staff/invite` is not a staff member's page).
  for (const match of found) {
    if (!match || match.pattern.staticScore < best) continue;
    if (!examples.has(routeKey(match.pattern.route))) examples.set(routeKey(match.pattern.route), path);
  }
}

/** Notes the forms and links of a page; GET forms are followed as submitted with what they show. */
function harvest(patterns: readonly Pattern[], answer: Answer, path: string, queue: string[]): void {
  if (answer.location?.startsWith('/')) queue.push(answer.location);
  if (!answer.type.startsWith('text/html')) return;
  for (const form of formsIn(answer.text, path)) {
    remember(patterns, form.action);
    const target = matchPath(patterns, form.method, form.action);
    if (target && !formsOf.has(routeKey(target.pattern.route))) formsOf.set(routeKey(target.pattern.route), form);
    if (form.method === 'GET') queue.push(`${form.action}?${asForm(form.fields.map((f) => [f.name, f.value]))}`);
  }
  queue.push(...linksIn(answer.text));
}

async function crawl(patterns: readonly Pattern[], actor: Actor, start: readonly string[]): Promise<void> {
  const queue = [...start];
  const visits = new Map<string, number>();
  const seen = new Set<string>();
  for (const { path, fields } of actor.label === 'none' ? data.formPages : []) {
    const answer = await send(actor, 'POST', path, {
      body: asForm([['_csrf', actor.csrf], ...Object.entries(fields)]),
      type: 'application/x-www-form-urlencoded',
    });
    harvest(patterns, answer, path, queue);
  }
  while (queue.length > 0) {
    const item = queue.shift()!;
    if (seen.has(item)) continue;
    seen.add(item);
    const { pathname: path, search } = new URL(item, 'http://x');
    remember(patterns, path);
    const found = matchPath(patterns, 'GET', path);
    if (!found || path.startsWith('/assets/') || OTHER_LOCALE.test(path)) continue;
    const key = routeKey(found.pattern.route);
    if ((visits.get(key) ?? 0) >= 12) continue;
    visits.set(key, (visits.get(key) ?? 0) + 1);
    const answer = await send(actor, 'GET', path, { query: search.slice(1) });
    if (search && answer.status < 400 && !queriesOf.has(key)) queriesOf.set(key, search.slice(1));
    harvest(patterns, answer, path, queue);
  }
}

/** A path for a route no crawled page linked to: the language filled in, other parameters unknown. */
function fallbackPath(pattern: Pattern): string {
  return pathOf(
    pattern,
    Object.fromEntries(pattern.params.map((p) => [p, p === 'locale' ? 'de' : p === '*' ? 'x' : 'unknown'])),
  );
}

// ---------------------------------------------------------------------------------------------
// Requests: the form as shown, each hostile class in every field, hostile files, hostile segments.

const FALLBACK_FIELDS = ['q', 'email', 'code', 'name', 'message', 'firstName', 'birthDate', 'startsAt', 'id', 'page'];

function fieldsOf(form: Form | undefined): { names: string[]; files: string[] } {
  const names = form?.fields.filter((f) => f.name !== '_csrf' && f.type !== 'file').map((f) => f.name) ?? [];
  const files = form?.fields.filter((f) => f.type === 'file').map((f) => f.name) ?? [];
  return { names: names.length > 0 ? [...new Set(names)] : FALLBACK_FIELDS, files };
}

function asForm(pairs: readonly (readonly [string, string])[]): string {
  return new URLSearchParams(pairs.map(([k, v]) => [k, v])).toString();
}

function asMultipart(pairs: readonly (readonly [string, string])[], files: readonly [string, HostileFile][] = []) {
  const form = new FormData();
  for (const [k, v] of pairs) form.append(k, v);
  for (const [field, file] of files) {
    form.append(field, new Blob([Buffer.from(file.bytes())], { type: file.type }), file.fileName);
  }
  return form;
}

/** What a browser sends when the form is submitted as the page shows it. */
function baseline(method: string, form: Form | undefined, csrf: string, getQuery?: string): Sent {
  if (method === 'GET') return { query: getQuery };
  const query = form?.query || undefined;
  const pairs = [
    ['_csrf', csrf] as const,
    ...(form?.fields ?? [])
      .filter((f) => f.name !== '_csrf' && f.type !== 'file')
      .map((f) => [f.name, f.value] as const),
  ];
  return form?.multipart
    ? { query, body: asMultipart(pairs) }
    : { query, body: asForm(pairs), type: 'application/x-www-form-urlencoded' };
}

const JSON_VALUES: readonly unknown[] = [{ nested: [1, 2] }, 12, true, null, ['a', 'b'], 1e308, -1, {}];

function hostile(method: string, form: Form | undefined, cls: HostileClass, csrf: string): Sent {
  const sent = hostileBody(method, form, cls, csrf);
  return method === 'GET' || !form?.query ? sent : { ...sent, query: form.query };
}

function hostileBody(method: string, form: Form | undefined, cls: HostileClass, csrf: string): Sent {
  const { names } = fieldsOf(form);
  const text =
    cls.name === 'huge' ? `${'x'.repeat(Math.floor(40_000 / names.length))}${cls.text.slice(-20)}` : cls.text;
  const csrfPair = method === 'GET' ? [] : [['_csrf', csrf] as const];
  const pairs = (values: readonly string[]) => [
    ...csrfPair,
    ...names.flatMap((n) => values.map((v) => [n, v] as const)),
  ];
  const urlencoded = (raw: string): Sent =>
    method === 'GET' ? { query: raw } : { body: raw, type: 'application/x-www-form-urlencoded' };
  const plain = (p: readonly (readonly [string, string])[]): Sent =>
    method === 'GET' ? { query: asForm(p) } : form?.multipart ? { body: asMultipart(p) } : urlencoded(asForm(p));
  switch (cls.body) {
    case 'fields':
      return plain(pairs([text]));
    case 'arrays':
      return plain(pairs([text, text, '']));
    case 'missing':
      return plain(csrfPair);
    case 'json-types':
      if (method === 'GET') return { query: names.map((n) => `${n}[a]=1&${n}[]=2`).join('&') };
      return {
        body: JSON.stringify({
          _csrf: csrf,
          ...Object.fromEntries(names.map((n, i) => [n, JSON_VALUES[i % JSON_VALUES.length]])),
        }),
        type: 'application/json',
      };
    case 'prototype': {
      const keys = `__proto__[polluted]=${encodeURIComponent(text)}&constructor[prototype][polluted]=1&__proto__=x&hasOwnProperty=x&toString=x`;
      const rest = names.map((n) => `${encodeURIComponent(n)}=${encodeURIComponent(text)}`).join('&');
      if (method === 'GET' || cls.name === 'prototype') {
        return urlencoded(`${method === 'GET' ? '' : `_csrf=${encodeURIComponent(csrf)}&`}${keys}&${rest}`);
      }
      // JSON.parse makes "__proto__" an own key, as an attacker's body would.
      return {
        body: `{"_csrf":${JSON.stringify(csrf)},"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},${names.map((n) => `${JSON.stringify(n)}:${JSON.stringify(text)}`).join(',')}}`,
        type: 'application/json',
      };
    }
    case 'raw-invalid-utf8':
      return urlencoded(
        `${method === 'GET' ? '' : `_csrf=${encodeURIComponent(csrf)}&`}${names.map((n) => `${encodeURIComponent(n)}=%FF%FE%C3%28%ED%A0%80`).join('&')}`,
      );
    case 'oversized':
      return urlencoded(
        `${method === 'GET' ? '' : `_csrf=${encodeURIComponent(csrf)}&`}${names[0]}=${'x'.repeat(method === 'GET' ? 3000 : 70_000)}`,
      );
    case 'wrong-type':
      if (method === 'GET') return plain(pairs([text]));
      return form?.multipart ? urlencoded(asForm(pairs([text]))) : { body: asMultipart(pairs([text])) };
  }
}

function withFile(form: Form | undefined, csrf: string, file: HostileFile): Sent {
  const { files } = fieldsOf(form);
  const pairs = [
    ['_csrf', csrf] as const,
    ...(form?.fields ?? [])
      .filter((f) => f.name !== '_csrf' && f.type !== 'file')
      .map((f) => [f.name, f.value] as const),
  ];
  return {
    query: form?.query || undefined,
    body: asMultipart(
      pairs,
      (files.length > 0 ? files : ['file']).map((f) => [f, file] as [string, HostileFile]),
    ),
  };
}

// ---------------------------------------------------------------------------------------------
// Who can reach a route, and what counts as reaching its handler.

/** The visitors allowed past the route's guard, and those who are not (sent fewer requests). */
function visitorsOf(pattern: Pattern): { allowed: Actor[]; denied: Actor[] } {
  const staff = pattern.route.staff;
  const everyone = [...actors.values()];
  if (!pattern.route.url.startsWith('/staff') || staff === undefined || staff === 'public') {
    return { allowed: [actors.get('none')!], denied: [] };
  }
  if (staff === 'half') return { allowed: [actors.get('half')!], denied: [actors.get('none')!] };
  const roles: readonly string[] = rolesFor(staff as StaffAction);
  return {
    allowed: everyone.filter((a) => roles.includes(a.label)),
    denied: everyone.filter((a) => !roles.includes(a.label)),
  };
}

/**
 * Whether an answer came from the handler rather than a guard or the schema: a page or redirect,
 * or the route's own form shown again with its errors (the schema's and the guard's refusals are
 * error pages, whose only forms are the frame's: language, sign-out).
 */
function reachedHandler(answer: Answer, pattern: Pattern, path: string): boolean {
  // 410: a link or hold that has lapsed, which only a handler can know.
  if (answer.status < 400 || answer.status === 410) return true;
  if (![400, 401, 409, 413, 422, 429].includes(answer.status) || !answer.type.startsWith('text/html')) return false;
  return formsIn(answer.text, path).some((form) => pattern.regex.test(form.action));
}

const failures: string[] = [];
const reached = new Set<string>();
/** The answers of allowed visitors per route (status: count), to say why a route was not reached. */
const answersOf = new Map<string, Map<number, number>>();
let requests = 0;

function check(answer: Answer, label: string): void {
  requests += 1;
  if (answer.status === 0) failures.push(`${label}: no answer (${answer.text})`);
  if (answer.status >= 500) failures.push(`${label}: ${answer.status} ${answer.text.slice(0, 160)}`);
  if (answer.injected) failures.push(`${label}: a header was injected`);
  // Only the hostile values name the host hostile.example: a Location there followed one of them.
  if (answer.location && new URL(answer.location, app.base).hostname.includes('hostile')) {
    failures.push(`${label}: redirect to a hostile site: ${JSON.stringify(answer.location)}`);
  }
  if (!answer.type.startsWith('application/json') && answer.text.includes(MARKER)) {
    const at = answer.text.indexOf(MARKER);
    failures.push(`${label}: reflected markup: ${answer.text.slice(Math.max(0, at - 120), at + 30)}`);
  }
}

async function inParallel(tasks: readonly (() => Promise<unknown>)[], width = 4): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) await tasks[next++]!();
    }),
  );
}

/** Routes that end the session they are sent with get a fresh one for each request. */
const endsSession = (pattern: Pattern) => /\/logout$/.test(pattern.route.url);

/** Sends one request to the route as one visitor, checks the answer and notes what it tells. */
function runner(pattern: Pattern): Run {
  const { method } = pattern.route;
  const key = routeKey(pattern.route);
  const fresh = async (actor: Actor) =>
    endsSession(pattern) && (ROLES as readonly string[]).includes(actor.label)
      ? staffActor(actor.label as Role)
      : actor;
  const run = async (actor: Actor, target: string, sent: (csrf: string) => Sent, label: string, counts: boolean) => {
    const who = await fresh(actor);
    const answer = await send(who, method, target, sent(who.csrf));
    check(answer, `${method} ${target.slice(0, 120)} [${label}, ${who.label}]`);
    if (counts && reachedHandler(answer, pattern, target)) reached.add(key);
    if (counts) {
      const seen = answersOf.get(key) ?? new Map<number, number>();
      seen.set(answer.status, (seen.get(answer.status) ?? 0) + 1);
      answersOf.set(key, seen);
    }
    if (answer.location?.startsWith('/')) remember(patterns(), new URL(answer.location, 'http://x').pathname);
    return answer;
  };
  return run;
}

async function attack(pattern: Pattern): Promise<void> {
  const { method } = pattern.route;
  const key = routeKey(pattern.route);
  const path = examples.get(key) ?? fallbackPath(pattern);
  const form = formsOf.get(key);
  const { allowed, denied } = visitorsOf(pattern);
  const run = runner(pattern);
  const tasks: (() => Promise<unknown>)[] = [];
  for (const actor of allowed) {
    tasks.push(() => run(actor, path, (csrf) => baseline(method, form, csrf, queriesOf.get(key)), 'as shown', true));
    for (const cls of HOSTILE_CLASSES) {
      tasks.push(() => run(actor, path, (csrf) => hostile(method, form, cls, csrf), cls.name, true));
    }
    if (form?.multipart) {
      for (const file of HOSTILE_FILES)
        tasks.push(() => run(actor, path, (csrf) => withFile(form, csrf, file), `file ${file.name}`, true));
    }
  }
  for (const actor of denied) {
    tasks.push(() => run(actor, path, (csrf) => baseline(method, form, csrf, queriesOf.get(key)), 'as shown', false));
    tasks.push(() => run(actor, path, (csrf) => hostile(method, form, HOSTILE_CLASSES[0]!, csrf), 'markup', false));
  }
  // Every parameter replaced by every hostile segment, the rest real, the form as shown.
  const values = matchPath([pattern], method, path)?.values ?? {};
  for (const param of pattern.params) {
    for (const cls of HOSTILE_CLASSES) {
      const target = pathOf(pattern, { ...values, [param]: cls.segment });
      tasks.push(() =>
        run(
          allowed[0]!,
          target,
          (csrf) => baseline(method, form, csrf, queriesOf.get(key)),
          `:${param} ${cls.name}`,
          false,
        ),
      );
    }
  }
  await inParallel(tasks);
}

/**
 * The request-line attacks of every route, after all the others: they send many forms as shown
 * (creating holds, bookings), which would otherwise take the times and limits the other routes'
 * real requests (and the examples found through them) need.
 */
async function attackRequestLines(ordered: readonly Pattern[]): Promise<void> {
  const tasks = ordered.flatMap((pattern) => {
    const key = routeKey(pattern.route);
    const path = examples.get(key) ?? fallbackPath(pattern);
    return requestLineAttacks(pattern, path, formsOf.get(key), visitorsOf(pattern).allowed[0]!, runner(pattern));
  });
  await inParallel(tasks);
}

type Run = (
  actor: Actor,
  target: string,
  sent: (csrf: string) => Sent,
  label: string,
  counts: boolean,
) => Promise<Answer>;

/**
 * Found by an attacker after the classes above: prototype names as the whole value of each query
 * parameter the route knows (one at a time, the rest as the app links them) and as query keys;
 * multipart without a boundary (as a visitor without a session too: refused before any guard);
 * a redirect target (`back`, …) with CR/LF or another site in every field that could name one.
 */
function requestLineAttacks(pattern: Pattern, path: string, form: Form | undefined, actor: Actor, run: Run) {
  const { method } = pattern.route;
  const key = routeKey(pattern.route);
  const real = queriesOf.get(key) ?? form?.query ?? '';
  const tasks: (() => Promise<unknown>)[] = [];
  for (const name of PROTOTYPE_NAMES) {
    for (const param of new Set([...pattern.route.query, 'notice'])) {
      const query = new URLSearchParams(real);
      query.set(param, name);
      const sent = (csrf: string) => ({ ...baseline(method, form, csrf, real), query: query.toString() });
      tasks.push(() => run(actor, path, sent, `?${param}=${name}`, false));
    }
  }
  const keys = PROTOTYPE_NAMES.map((name) => `${name}=1`).join('&');
  const sent = (csrf: string) => ({ ...baseline(method, form, csrf, real), query: `${real}&${keys}` });
  tasks.push(() => run(actor, path, sent, 'prototype names as query keys', false));
  if (method === 'POST') {
    for (const type of MULTIPART_WITHOUT_BOUNDARY) {
      for (const who of new Set([actor, actors.get('none')!])) {
        const sent = () => ({ query: form?.query || undefined, body: '--x\r\n\r\nx\r\n--x--\r\n', type });
        tasks.push(async () => {
          const answer = await run(who, path, sent, `multipart ${type}`, false);
          if (answer.status !== 400) failures.push(`POST ${path} [${type}, ${who.label}]: ${answer.status}, not 400`);
        });
      }
    }
  }
  for (const target of REDIRECT_TARGETS) {
    const overrides = REDIRECT_FIELDS.map((field) => [field, target] as const);
    tasks.push(() =>
      run(actor, path, (csrf) => withFields(method, form, csrf, overrides, real), `redirect target`, false),
    );
  }
  return tasks;
}

/** The form as shown (or the GET query as linked), with some fields set or added. */
function withFields(
  method: string,
  form: Form | undefined,
  csrf: string,
  overrides: readonly (readonly [string, string])[],
  getQuery: string,
): Sent {
  if (method === 'GET') {
    const query = new URLSearchParams(getQuery);
    for (const [name, value] of overrides) query.set(name, value);
    return { query: query.toString() };
  }
  const set = new Map(overrides);
  const shown = (form?.fields ?? []).filter((f) => f.name !== '_csrf' && f.type !== 'file' && !set.has(f.name));
  const pairs = [['_csrf', csrf] as const, ...shown.map((f) => [f.name, f.value] as const), ...overrides];
  const query = form?.query || undefined;
  return form?.multipart
    ? { query, body: asMultipart(pairs) }
    : { query, body: asForm(pairs), type: 'application/x-www-form-urlencoded' };
}

const TAKES_AWAY = /\/(deactivate|revoke|remove|cancel|decline|reset-2fa|reset-access|sign-out|logout|withdraw)$/;
// What ends or changes a member's account comes last of all: a member out of a team (deactivated, other
// roles) can no longer be the target of the team's own routes (a planned training removed by the lead).
const CHANGES_ACCOUNT = /\/(deactivate|roles|reset-2fa|reset-access)$/;

let allPatterns: Pattern[] = [];
const patterns = () => allPatterns;

test('every route × every hostile class × every visitor who can reach it: no 5xx, no reflected markup, every staff handler reached', async () => {
  allPatterns = app.app.routeTable.map(patternOf);
  const parameterless = allPatterns
    .filter((p) => p.route.method === 'GET' && p.params.every((x) => x === 'locale'))
    .map((p) => pathOf(p, { locale: 'de' }));
  // A planned training for everyone (the visitors included), so the register pages show their remove forms.
  await app.db.owner.query(
    `INSERT INTO training_plans (authority_id, user_id, course_id, planned_on)
     SELECT u.authority_id, u.id, c.id, current_date + 30 FROM staff_users u
       JOIN LATERAL (SELECT id FROM training_courses WHERE authority_id = u.authority_id LIMIT 1) c ON true
     ON CONFLICT DO NOTHING`,
  );
  for (const actor of actors.values()) {
    await crawl(
      allPatterns,
      actor,
      actor.label === 'none'
        ? [...data.startPaths, ...parameterless]
        : ['/staff', ...parameterless.filter((p) => p.startsWith('/staff')), ...data.staffStartPaths],
    );
  }
  if (process.env.HOSTILE_DEBUG)
    console.log(JSON.stringify([...formsOf], null, 1), JSON.stringify([...examples], null, 1));
  // Routes without an example last: answers to the others may redirect to one (a booking made by staff).
  // Routes that take something away (an account, a kiosk, a time) after the others, which may share
  // their target; routes without an example last: answers to the others may redirect to one.
  const rank = (p: Pattern) =>
    (examples.has(routeKey(p.route)) ? 0 : 3) +
    (CHANGES_ACCOUNT.test(p.route.url) ? 2 : TAKES_AWAY.test(p.route.url) ? 1 : 0);
  const ordered = [...allPatterns].sort((a, b) => rank(a) - rank(b));
  const started = Date.now();
  for (const pattern of ordered) await attack(pattern);
  await attackRequestLines(ordered);
  const seconds = Math.round((Date.now() - started) / 1000);

  const withoutExample = allPatterns.filter(
    (p) => p.params.some((x) => x !== 'locale') && !examples.has(routeKey(p.route)),
  );
  const staffRoutes = allPatterns.filter(
    (p) => p.route.url.startsWith('/staff') && p.route.staff && !['public', 'half'].includes(p.route.staff),
  );
  const unreached = staffRoutes
    .filter((p) => !reached.has(routeKey(p.route)))
    .map((p) => {
      const key = routeKey(p.route);
      return `${key} (sent to ${examples.get(key) ?? 'no real path'}; answers ${JSON.stringify([...(answersOf.get(key) ?? [])])})`;
    });
  console.log(
    `hostile input: ${allPatterns.length} routes, ${requests} requests in ${seconds} s; ${reached.size} routes answered by their handler; ` +
      `${withoutExample.length} without a real path (${withoutExample.map((p) => routeKey(p.route)).join(', ')}); ` +
      `not answered by a handler: ${allPatterns
        .filter((p) => !reached.has(routeKey(p.route)))
        .map((p) => `${routeKey(p.route)} ${JSON.stringify([...(answersOf.get(routeKey(p.route)) ?? [])])}`)
        .join(', ')}`,
  );
  assert.deepEqual(failures.slice(0, 40), [], `${failures.length} failures`);
  assert.deepEqual(unreached, [], 'staff routes whose handler no allowed role reached');
});

test('found earlier, kept: NUL bytes and over-long path segments get a 400 page, nothing echoed', async () => {
  for (const path of [
    '/de/services/%00%01x',
    '/api/v1/services/a%00b',
    `/staff/admin/staff/${'x'.repeat(300)}%3Chostile-1%3E/roles`,
  ]) {
    const response = await fetch(`${app.base}${path}`, { method: path.endsWith('/roles') ? 'POST' : 'GET' });
    assert.equal(response.status, 400, `${path}: ${response.status}`);
    assert.ok(!(await response.text()).includes('<hostile-'), path);
  }
  const page = await new Client(app.base).get('/de/accessibility');
  const nul = await fetch(`${app.base}/de/accessibility/feedback`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: '' },
    body: new URLSearchParams({ _csrf: csrfIn(page.html), message: 'a\u0000b' }).toString(),
  });
  assert.equal(nul.status, 400);
});

test('bodies that are not what they claim to be get 4xx: broken JSON, wrong content type, too large', async () => {
  const send = (body: string, type: string) =>
    fetch(`${app.base}/de/accessibility/feedback`, { method: 'POST', body, headers: { 'content-type': type } });
  for (const [body, type] of [
    ['{"message":', 'application/json'],
    ['<xml/>', 'application/xml'],
    ['x'.repeat(70_000), 'application/x-www-form-urlencoded'],
  ]) {
    const response = await send(body!, type!);
    assert.ok(response.status >= 400 && response.status < 500, `${type}: ${response.status}`);
  }
});
