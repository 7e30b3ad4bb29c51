import { DescriptionList } from '../../../platform/layout/components.js';
import { StaffLayout, type StaffPage } from '../../../platform/staff/StaffLayout.js';
import type { StorageUse } from '../storage-use.js';

const MIB = 1024 * 1024;

/** The admin's view of upload storage: what is stored, what came in today, and the quotas that cap it. */
export function StoragePage({ page, use }: { page: StaffPage; use: StorageUse }) {
  const { t } = page;
  const mb = (bytes: number) => new Intl.NumberFormat(t.locale, { maximumFractionDigits: 1 }).format(bytes / MIB);
  const q = use.quotas;
  const rows: [string, string][] = [
    [
      t.t('storage.caseFiles'),
      t.t('storage.filesAndSize', { files: use.caseFiles.count, megabytes: mb(use.caseFiles.bytes) }),
    ],
    [
      t.t('storage.drafts'),
      t.t('storage.draftsAndFiles', {
        drafts: use.drafts.count,
        files: use.drafts.files,
        megabytes: mb(use.drafts.bytes),
      }),
    ],
    [
      t.t('storage.today'),
      t.t('storage.todayValue', { files: use.today.files, megabytes: mb(use.today.bytes), drafts: use.today.drafts }),
    ],
    [t.t('storage.quotaDraft'), `${mb(q.draftBytes)} MB`],
    [
      t.t('storage.quotaAddress'),
      t.t('storage.perDay', { megabytes: mb(q.addressBytesPerDay), drafts: q.addressDraftsPerDay }),
    ],
    [
      t.t('storage.quotaAuthority'),
      t.t('storage.perDay', { megabytes: mb(q.authorityBytesPerDay), drafts: q.authorityDraftsPerDay }),
    ],
    [t.t('storage.expiry'), t.t('storage.days', { days: q.draftExpiryDays })],
    [t.t('storage.concurrent'), String(q.concurrent)],
  ];
  return (
    <StaffLayout page={page} title={t.t('storage.title')}>
      <h1 class="kern-heading-large">{t.t('storage.title')}</h1>
      <p class="kern-body">{t.t('storage.intro')}</p>
      <DescriptionList items={rows.map(([key, value]) => ({ key, value }))} />
    </StaffLayout>
  );
}
