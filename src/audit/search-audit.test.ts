import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditQueryValid } from './search-audit.js';

test('the audit search takes calendar days only: an impossible date is refused here, not by the database', () => {
  const query = (from: string, to = '') => ({ text: '', from, to });
  assert.equal(auditQueryValid(query('2026-02-28', '2026-03-01')), true);
  assert.equal(auditQueryValid(query('')), true);
  for (const day of ['2026-02-30', '2026-13-01', '0000-00-00', '2026-2-1', '1e309', 'yesterday']) {
    assert.equal(auditQueryValid(query(day)), false, day);
    assert.equal(auditQueryValid(query('', day)), false, day);
  }
});
