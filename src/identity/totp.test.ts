import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTotp, currentTotp, newTotpSecret, totpEnrolment } from './totp.js';

test('the current code is accepted once, not twice; wrong or malformed codes never', async () => {
  const secret = newTotpSecret();
  const code = await currentTotp(secret);
  const step = await checkTotp(secret, code, null);
  assert.ok(step !== null);
  assert.equal(await checkTotp(secret, code, step), null, 'replay refused');
  assert.equal(await checkTotp(secret, String((Number(code) + 1) % 1_000_000).padStart(6, '0'), null), null);
  for (const bad of ['', '12345', '1234567', 'abcdef', '12 34 5x', '١٢٣٤٥٦'])
    assert.equal(await checkTotp(secret, bad, null), null);
});

test('enrolment gives an otpauth link and an SVG QR code', async () => {
  const { uri, svg } = await totpEnrolment(
    newTotpSecret(),
    'Willkommensbehörde Musterstadt',
    'amira@musterstadt.example',
  );
  assert.match(uri, /^otpauth:\/\/totp\//);
  assert.match(svg, /^<svg[^>]+viewBox/);
});
