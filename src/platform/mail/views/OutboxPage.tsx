import { Alert } from '../../layout/components.js';
import { Csrf, TableHead } from '../../staff/components.js';
import { StaffLayout, type StaffPage } from '../../staff/StaffLayout.js';
import type { OutboxEntry, OutboxView } from '../outbox-admin.js';

const NOTICE_KEYS = {
  retried: 'outbox.retried',
  sending: 'outbox.sending',
  unknown: 'outbox.unknown',
} as const;

function MailTable({ page, entries, failed }: { page: StaffPage; entries: readonly OutboxEntry[]; failed: boolean }) {
  const { t } = page;
  return (
    <div class="site-table-wrap">
      <table class="kern-table kern-table--small">
        <TableHead
          page={page}
          columns={[
            'outbox.recipient',
            'outbox.subject',
            'outbox.attempts',
            'outbox.lastError',
            failed ? 'outbox.queuedAt' : 'outbox.nextAttempt',
            'outbox.action',
          ]}
        />
        <tbody class="kern-table__body">
          {entries.map((mail) => (
            <tr class="kern-table__row" key={mail.id}>
              <td class="kern-table__cell">{mail.recipient}</td>
              <td class="kern-table__cell">{mail.subject}</td>
              <td class="kern-table__cell">{mail.attempts}</td>
              <td class="kern-table__cell">{mail.lastError ?? '–'}</td>
              <td class="kern-table__cell">
                {failed
                  ? t.dateTime(mail.createdAt)
                  : mail.sending
                    ? t.t('outbox.sendingNow')
                    : t.dateTime(mail.nextAttemptAt)}
              </td>
              <td class="kern-table__cell">
                {mail.sending ? null : (
                  <form method="post" action={`/staff/admin/mail/${mail.id}/retry`}>
                    <Csrf token={page.staff!.csrf} />
                    <button class="kern-btn kern-btn--secondary" type="submit">
                      <span class="kern-label">{t.t('outbox.retry')}</span>
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Outgoing mail for the authority's admins: what failed, what waits; recipients and subjects, never bodies. */
export function OutboxPage({
  page,
  view,
  notice,
}: {
  page: StaffPage;
  view: OutboxView;
  notice?: keyof typeof NOTICE_KEYS;
}) {
  const { t } = page;
  return (
    <StaffLayout page={page} title={t.t('outbox.title')}>
      <h1 class="kern-heading-large">{t.t('outbox.title')}</h1>
      {notice ? (
        <Alert kind={notice === 'unknown' ? 'warning' : 'success'} title={t.t(NOTICE_KEYS[notice])} live />
      ) : null}
      <p class="kern-body">{t.t('outbox.intro')}</p>
      <section class="site-section" aria-labelledby="failed">
        <h2 class="kern-heading-medium" id="failed">
          {t.t('outbox.failed', { count: view.failed.length })}
        </h2>
        {view.failed.length > 0 ? (
          <MailTable page={page} entries={view.failed} failed />
        ) : (
          <p class="kern-body">{t.t('outbox.noneFailed')}</p>
        )}
      </section>
      <section class="site-section" aria-labelledby="queued">
        <h2 class="kern-heading-medium" id="queued">
          {t.t('outbox.queued', { count: view.queued.length })}
        </h2>
        {view.queued.length > 0 ? (
          <MailTable page={page} entries={view.queued} failed={false} />
        ) : (
          <p class="kern-body">{t.t('outbox.noneQueued')}</p>
        )}
      </section>
      <p class="kern-body">{t.t('outbox.sent', { count: view.sent })}</p>
    </StaffLayout>
  );
}
