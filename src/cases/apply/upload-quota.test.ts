import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { addressPrefix, draftQuotaRefusal, fileQuota, fileQuotaRefusal, type QuotaLimits } from './upload-quota.js';

const LIMITS: QuotaLimits = {
  draftBytes: 50,
  addressBytesPerDay: 200,
  authorityBytesPerDay: 1000,
  addressDraftsPerDay: 3,
  authorityDraftsPerDay: 10,
};
const NONE = { addressBytes: 0, authorityBytes: 0, addressDrafts: 0, authorityDrafts: 0 };

test('a file is refused by the first quota it would pass: draft, then address, then authority', () => {
  assert.equal(fileQuotaRefusal(NONE, 0, 50, LIMITS), null);
  assert.equal(fileQuotaRefusal(NONE, 1, 50, LIMITS), 'draftQuota');
  assert.equal(fileQuotaRefusal({ ...NONE, addressBytes: 190 }, 0, 11, LIMITS), 'addressQuota');
  assert.equal(fileQuotaRefusal({ ...NONE, authorityBytes: 990 }, 0, 11, LIMITS), 'authorityQuota');
  assert.equal(draftQuotaRefusal({ ...NONE, addressDrafts: 2 }, LIMITS), null);
  assert.equal(draftQuotaRefusal({ ...NONE, addressDrafts: 3 }, LIMITS), 'addressDrafts');
  assert.equal(draftQuotaRefusal({ ...NONE, authorityDrafts: 10 }, LIMITS), 'authorityDrafts');
});

test('whatever arrives, what one save takes never exceeds any quota', () => {
  fc.assert(
    fc.property(
      fc.record({
        addressBytes: fc.nat(300),
        authorityBytes: fc.nat(1200),
        addressDrafts: fc.nat(5),
        authorityDrafts: fc.nat(12),
      }),
      fc.nat(80),
      fc.array(fc.nat(60), { maxLength: 30 }),
      (usage, draftBytes, sizes) => {
        const quota = fileQuota(usage, draftBytes, LIMITS);
        for (const size of sizes) if (quota.refusal(size) === null) quota.take(size);
        const { bytes } = quota.taken;
        assert.ok(bytes === 0 || draftBytes + bytes <= LIMITS.draftBytes);
        assert.ok(bytes === 0 || usage.addressBytes + bytes <= LIMITS.addressBytesPerDay);
        assert.ok(bytes === 0 || usage.authorityBytes + bytes <= LIMITS.authorityBytesPerDay);
      },
    ),
  );
});

test('an IPv6 address counts by its /64, written any way; IPv4 (also mapped) by itself', () => {
  assert.equal(addressPrefix('2001:db8::1'), '2001:0db8:0000:0000::/64');
  assert.equal(addressPrefix('2001:DB8:0:0:ffff::2'), '2001:0db8:0000:0000::/64');
  assert.equal(addressPrefix('2001:db8:0:1::'), '2001:0db8:0000:0001::/64');
  assert.equal(addressPrefix('::1'), '0000:0000:0000:0000::/64');
  assert.equal(addressPrefix('::ffff:192.0.2.7'), '192.0.2.7');
  assert.equal(addressPrefix('192.0.2.7'), '192.0.2.7');
  fc.assert(
    fc.property(fc.ipV6(), (ip) => {
      assert.match(addressPrefix(ip), /^([0-9a-f]{4}:){4}:\/64$|^\d+\.\d+\.\d+\.\d+$/);
    }),
  );
});
