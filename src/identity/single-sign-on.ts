import * as oidc from 'openid-client';
import { recordAudit } from '../audit/record-audit.js';
import type { Actor } from '../platform/context.js';
import { withTenant } from '../platform/database/index.js';
import type { IdentityDeps } from './identity-deps.js';
import { can } from '../platform/access/policies.js';
import { openSession } from './sessions.js';
import { signingInActor } from './signing-in-actor.js';
import { normalizeEmail } from './staff-store.js';

/** An authority's identity provider, as configured by its admin. */
export interface SsoSettings {
  readonly issuer: string;
  readonly clientId: string;
  readonly label: string;
  readonly enabled: boolean;
  readonly hasSecret: boolean;
}

export async function ssoSettings(
  { authorityId }: { authorityId: string },
  deps: IdentityDeps,
): Promise<SsoSettings | null> {
  return withTenant(deps.pool, authorityId, async (tx) => {
    const { rows } = await tx.query<{ issuer: string; client_id: string; label: string; enabled: boolean }>(
      'SELECT issuer, client_id, label, enabled FROM authority_sso WHERE authority_id = $1',
      [authorityId],
    );
    const r = rows[0];
    return r ? { issuer: r.issuer, clientId: r.client_id, label: r.label, enabled: r.enabled, hasSecret: true } : null;
  });
}

/** http is allowed only for an identity provider on this machine (tests, local trials). */
export function issuerAllowed(issuer: string): boolean {
  try {
    const url = new URL(issuer);
    return (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname))
    );
  } catch {
    return false;
  }
}

export interface SsoInput {
  readonly issuer: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly label: string;
  readonly enabled: boolean;
}

export type SsoError = {
  readonly field: 'issuer' | 'clientId' | 'clientSecret' | 'label';
  readonly message: 'sso.error.issuer' | 'sso.error.clientId' | 'sso.error.clientSecret' | 'sso.error.label';
};

/** An admin sets the authority's identity provider; an empty secret keeps the stored one. */
export async function saveSsoSettings(
  input: SsoInput,
  actor: Extract<Actor, { kind: 'staff' }>,
  deps: IdentityDeps,
): Promise<readonly SsoError[]> {
  if (!can(actor, 'staff.manage')) throw new Error('not allowed');
  const existing = await ssoSettings({ authorityId: actor.authorityId }, deps);
  const errors: SsoError[] = [];
  if (!issuerAllowed(input.issuer.trim()) || input.issuer.length > 500)
    errors.push({ field: 'issuer', message: 'sso.error.issuer' });
  if (input.clientId.trim() === '' || input.clientId.length > 200)
    errors.push({ field: 'clientId', message: 'sso.error.clientId' });
  if (input.clientSecret === '' && !existing) errors.push({ field: 'clientSecret', message: 'sso.error.clientSecret' });
  if (input.label.trim() === '' || input.label.length > 100)
    errors.push({ field: 'label', message: 'sso.error.label' });
  if (errors.length > 0) return errors;
  await withTenant(deps.pool, actor.authorityId, async (tx) => {
    const sealed = input.clientSecret === '' ? null : deps.sealer.seal(input.clientSecret);
    const values = [
      actor.authorityId,
      input.issuer.trim().replace(/\/+$/, ''),
      input.clientId.trim(),
      sealed,
      input.label.trim(),
      input.enabled,
    ];
    if (existing) {
      await tx.query(
        `UPDATE authority_sso SET issuer = $2, client_id = $3, client_secret_sealed = coalesce($4, client_secret_sealed),
                        label = $5, enabled = $6 WHERE authority_id = $1`,
        values,
      );
    } else {
      await tx.query(
        'INSERT INTO authority_sso (authority_id, issuer, client_id, client_secret_sealed, label, enabled) VALUES ($1, $2, $3, $4, $5, $6)',
        values,
      );
    }
    await recordAudit(tx, actor.authorityId, actor, {
      action: 'staff.sso_configured',
      details: { issuer: input.issuer.trim(), enabled: input.enabled },
    });
  });
  return [];
}

const discovered = new Map<string, { config: oidc.Configuration; until: number }>();

async function clientConfig(
  authorityId: string,
  deps: IdentityDeps,
): Promise<{ config: oidc.Configuration; label: string } | null> {
  const row = await withTenant(
    deps.pool,
    authorityId,
    async (tx) =>
      (
        await tx.query<{
          issuer: string;
          client_id: string;
          client_secret_sealed: string;
          label: string;
          enabled: boolean;
        }>(
          'SELECT issuer, client_id, client_secret_sealed, label, enabled FROM authority_sso WHERE authority_id = $1',
          [authorityId],
        )
      ).rows[0],
  );
  if (!row?.enabled) return null;
  const key = `${row.issuer} ${row.client_id} ${row.client_secret_sealed}`;
  const hit = discovered.get(key);
  if (hit && hit.until > Date.now()) return { config: hit.config, label: row.label };
  const insecure = new URL(row.issuer).protocol === 'http:' && issuerAllowed(row.issuer);
  const config = await oidc.discovery(
    new URL(row.issuer),
    row.client_id,
    deps.sealer.open(row.client_secret_sealed),
    undefined,
    insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
  );
  discovered.set(key, { config, until: Date.now() + 10 * 60_000 });
  return { config, label: row.label };
}

/** Starts a sign-in at the identity provider: the URL to send the browser to, and the sealed checks to keep in a cookie. */
export async function startSso(
  { authorityId, redirectUri }: { authorityId: string; redirectUri: string },
  deps: IdentityDeps,
): Promise<{ url: string; cookie: string } | null> {
  const client = await clientConfig(authorityId, deps);
  if (!client) return null;
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(client.config, {
    redirect_uri: redirectUri,
    scope: 'openid email profile',
    state,
    nonce,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  });
  const cookie = deps.sealer.seal(JSON.stringify({ verifier, state, nonce, authorityId, at: Date.now() }));
  return { url: url.href, cookie };
}

export type SsoResult =
  | { readonly ok: true; readonly sessionToken: string; readonly needsTotpSetup: boolean }
  | { readonly ok: false; readonly reason: 'failed' | 'unknown'; readonly label: string };

/**
 * Completes the sign-in on return from the identity provider: checks state, nonce and PKCE, then
 * finds the member of staff by the provider's subject (or, the first time, by verified e-mail),
 * and opens a session that still needs this application's second factor.
 */
export async function finishSso(
  {
    authorityId,
    callbackUrl,
    cookie,
    ip,
  }: { authorityId: string; callbackUrl: URL; cookie: string | undefined; ip: string },
  deps: IdentityDeps,
): Promise<SsoResult> {
  const client = await clientConfig(authorityId, deps).catch(() => null);
  const label = client?.label ?? 'SSO';
  let checks: { verifier: string; state: string; nonce: string; authorityId: string; at: number };
  try {
    checks = JSON.parse(deps.sealer.open(cookie ?? ''));
  } catch {
    return { ok: false, reason: 'failed', label };
  }
  if (!client || checks.authorityId !== authorityId || Date.now() - checks.at > 10 * 60_000)
    return { ok: false, reason: 'failed', label };
  let claims: { sub: string; email?: unknown; email_verified?: unknown } | undefined;
  try {
    const tokens = await oidc.authorizationCodeGrant(client.config, callbackUrl, {
      pkceCodeVerifier: checks.verifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    const idToken = tokens.claims()!;
    // Many providers put the e-mail only in the userinfo answer, not in the ID token.
    claims =
      typeof idToken.email === 'string'
        ? idToken
        : await oidc.fetchUserInfo(client.config, tokens.access_token, idToken.sub);
  } catch {
    claims = undefined;
  }
  return withTenant(deps.pool, authorityId, async (tx) => {
    const system = { kind: 'system', process: 'sso' } as const;
    if (!claims) {
      await recordAudit(
        tx,
        authorityId,
        { kind: 'public', ip },
        { action: 'staff.login_sso_failed', details: { reason: 'token' } },
      );
      return { ok: false, reason: 'failed', label };
    }
    const subject = String(claims.sub);
    const email =
      typeof claims.email === 'string' && claims.email_verified !== false ? normalizeEmail(claims.email) : null;
    const { rows } = await tx.query<{ id: string; email: string; status: string; totp: boolean }>(
      `SELECT id, email, status, totp_confirmed_at IS NOT NULL AS totp FROM staff_users
        WHERE oidc_subject = $1 OR (oidc_subject IS NULL AND email = $2) ORDER BY (oidc_subject = $1) DESC NULLS LAST LIMIT 1`,
      [subject, email],
    );
    const user = rows[0];
    if (!user || user.status === 'deactivated') {
      await recordAudit(tx, authorityId, system, {
        action: 'staff.login_sso_failed',
        details: { reason: user ? 'deactivated' : 'unknown', subject },
      });
      return { ok: false, reason: 'unknown', label };
    }
    await tx.query("UPDATE staff_users SET oidc_subject = $2, status = 'active' WHERE id = $1", [user.id, subject]);
    const sessionToken = await openSession(tx, {
      userId: user.id,
      authorityId,
      stage: 'password',
      ip,
      maxHours: deps.sessionMaxHours,
    });
    await recordAudit(tx, authorityId, signingInActor(user, authorityId, ip), {
      action: 'staff.login_sso_ok',
      objectType: 'staff',
      objectId: user.id,
      details: { issuer: client.config.serverMetadata().issuer },
    });
    return { ok: true, sessionToken, needsTotpSetup: !user.totp };
  });
}
