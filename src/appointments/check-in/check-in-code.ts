// A check-in code is 8 letters and digits (platform/crypto readableCode). People type it with
// spaces, hyphens or in lower case; the confirmation's QR code holds the check-in link instead
// (confirmation-mail.ts checkInLink: `…/staff/check-in/K7M2QX4P`), which a camera reads and a
// hand scanner types into the field. Both must lead to the same code.
const CODE = /^[0-9A-Z]{8}$/;
// The link's last path segment after `/check-in/`, an optional trailing slash, then at most a query
// or fragment (added by link trackers or mail clients). Any other link is not a confirmation's.
const LINK = /\/check-in\/([^/?#\s]+)\/?(?:[?#]\S*)?$/i;

/** The check-in code in what was typed or scanned, or null when it holds none. */
export function checkInCodeOf(input: string): string | null {
  // NFKC folds full-width letters and digits (some on-screen keyboards) to ASCII.
  const text = input.normalize('NFKC').trim();
  if (text.includes('/')) {
    const match = LINK.exec(text);
    return match ? typedCode(match[1]!) : null;
  }
  return typedCode(text);
}

function typedCode(text: string): string | null {
  const code = text.toUpperCase().replace(/[^0-9A-Z]/g, '');
  return CODE.test(code) ? code : null;
}
