import { BarChart } from '../../platform/reports/BarChart.js';
import { StaffLayout, type StaffPage } from '../../platform/staff/StaffLayout.js';
import { TableHead } from '../../platform/staff/components.js';
import type { NetworkRow } from '../network-figures.js';

export const NETWORK_COLUMNS = [
  'referrals.col.partner',
  'referrals.col.purpose',
  'referrals.network.col.referrals',
  'referrals.network.col.consented',
  'referrals.network.col.firstAnswer',
  'referrals.network.col.done',
  'referrals.network.col.declined',
  'referrals.network.col.noShow',
  'referrals.network.col.withdrawn',
] as const;

/** Referrals per partner: per partner's total (the chart) and per partner and purpose (the table, the accessible truth). */
export function NetworkPage({ page, rows }: { page: StaffPage; rows: readonly NetworkRow[] }) {
  const { t } = page;
  const perPartner = new Map<string, number>();
  for (const row of rows) perPartner.set(row.partner, (perPartner.get(row.partner) ?? 0) + row.referrals);
  const number = new Intl.NumberFormat(t.locale);
  return (
    <StaffLayout page={page} title={t.t('referrals.network.title')}>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports">
          {t.t('referrals.network.back')}
        </a>
      </p>
      <h1 class="kern-heading-large">{t.t('referrals.network.title')}</h1>
      <p class="kern-body">{t.t('referrals.network.intro')}</p>
      <p class="kern-body">
        <a class="kern-link" href="/staff/reports/network.csv">
          {t.t('referrals.network.csv')}
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="kern-body">{t.t('referrals.network.empty')}</p>
      ) : (
        <>
          <BarChart
            title={t.t('referrals.network.chart')}
            bars={[...perPartner].map(([label, value]) => ({ label, value, display: number.format(value) }))}
          />
          <div class="site-table-wrap">
            <table class="kern-table">
              <TableHead page={page} columns={NETWORK_COLUMNS} />
              <tbody class="kern-table__body">
                {rows.map((r) => (
                  <tr class="kern-table__row" key={`${r.partner}/${r.purpose}`}>
                    <td class="kern-table__cell">{r.partner}</td>
                    <td class="kern-table__cell">{r.purpose}</td>
                    <td class="kern-table__cell">{number.format(r.referrals)}</td>
                    <td class="kern-table__cell">{number.format(r.consented)}</td>
                    <td class="kern-table__cell">
                      {r.firstAnswerHours === null ? t.t('referrals.network.none') : number.format(r.firstAnswerHours)}
                    </td>
                    <td class="kern-table__cell">{number.format(r.done)}</td>
                    <td class="kern-table__cell">{number.format(r.declined)}</td>
                    <td class="kern-table__cell">{number.format(r.noShow)}</td>
                    <td class="kern-table__cell">{number.format(r.withdrawn)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </StaffLayout>
  );
}
