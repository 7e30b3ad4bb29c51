/**
 * Route options for pages that carry a person's data and secrets (a status link, a sign-in, the
 * CSRF token) next to what the person typed: sent uncompressed, so that the length of the answer
 * cannot become a side channel for guessing those secrets (BREACH). They are a few kilobytes,
 * where compression saves little and costs the most CPU per request of anything on the page.
 */
export const UNCOMPRESSED = { compress: false } as const;
