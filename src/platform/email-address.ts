// Deliberately loose: one @, something on each side, a dot in the domain; the mailbox decides the rest.
const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/** Whether a text can be an e-mail address worth sending to (at most 254 characters, RFC 5321). */
export function isEmailAddress(text: string): boolean {
  return text.length <= 254 && EMAIL.test(text);
}
