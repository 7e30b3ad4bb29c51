import type { StaffMessageKey } from '../platform/i18n/catalogues.js';
import { checkPassword } from './password-policy.js';

export interface PasswordError {
  readonly field: 'password' | 'repeat';
  readonly message: StaffMessageKey;
}

/** The rules for a new password (BSI: length over complexity, no common or personal passwords). */
export function passwordErrors(
  password: string,
  repeat: string,
  person: { email: string; displayName: string },
): PasswordError[] {
  const problems = checkPassword(password, person);
  const errors: PasswordError[] = problems.map((p) => ({ field: 'password', message: `password.error.${p}` }));
  if (errors.length === 0 && password !== repeat) errors.push({ field: 'repeat', message: 'password.error.mismatch' });
  return errors;
}
