import { hash, verify } from '@node-rs/argon2';

// argon2id with the second recommended option of RFC 9106 § 4 (64 MiB, 3 passes, 4 lanes).
const OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 65_536, timeCost: 3, parallelism: 4 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password.normalize('NFC'), OPTIONS);
}

/** A hash of nothing anyone can type: checked when the e-mail is unknown, so timing does not tell. */
const DUMMY = hashPassword('\u0000 no account \u0000');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return (await verify(passwordHash ?? (await DUMMY), password.normalize('NFC'))) && passwordHash !== null;
  } catch {
    return false;
  }
}
