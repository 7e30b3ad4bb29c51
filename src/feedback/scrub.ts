/**
 * Free texts are shown to staff only without contact data: e-mail addresses and phone numbers are
 * replaced before the text is stored (so no copy with them exists that retention would have to find).
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
// A run of at least 6 digits, optionally with a leading + or 00 and spaces, dots, dashes, slashes or
// parentheses between them (German and international notations: "0171 234 56 78", "+49 (30) 1234-567").
const PHONE = /(?:\+|\b00)?\d(?:[\s./()-]{0,3}\d){5,}/g;

export const REDACTED_EMAIL = '[E-Mail]';
export const REDACTED_PHONE = '[Telefon]';

export function scrubContactData(text: string): string {
  return text.replace(EMAIL, REDACTED_EMAIL).replace(PHONE, REDACTED_PHONE);
}
