import { generate, generateSecret, generateURI, verify } from 'otplib';
import QRCode from 'qrcode';

/** A new second-factor secret (RFC 6238 TOTP, SHA-1, 6 digits, 30 s: what authenticator apps expect). */
export function newTotpSecret(): string {
  return generateSecret();
}

/**
 * Checks a code, allowing one step of clock drift either way, and refusing a step already used
 * (so an observed code cannot be replayed). Returns the step to remember, or null.
 */
export async function checkTotp(secret: string, code: string, lastStep: number | null): Promise<number | null> {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = await verify({
    secret,
    token,
    epochTolerance: 30,
    ...(lastStep !== null ? { afterTimeStep: lastStep } : {}),
  });
  return result.valid ? (result as { timeStep: number }).timeStep : null;
}

export function currentTotp(secret: string): Promise<string> {
  return generate({ secret });
}

/** The otpauth:// link and its QR code (SVG markup, rendered from the link, no external service). */
export async function totpEnrolment(
  secret: string,
  issuer: string,
  account: string,
): Promise<{ uri: string; svg: string }> {
  const uri = generateURI({ issuer, label: account, secret });
  const svg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { uri, svg };
}
