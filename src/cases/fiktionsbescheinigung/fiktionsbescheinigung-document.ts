import { OFFICE_TIME_ZONE } from '../../platform/clock/office-time.js';
import { PDFDocument } from 'pdf-lib';
import {
  CONTENT_WIDTH,
  createCanvas,
  drawText,
  flow,
  INK,
  labelColumnWidth,
  MUTED,
  reserve,
  rule,
  subsetFaces,
  writeFaces,
  type Style,
} from '../../platform/pdf/index.js';
import { ACCENT } from '../../platform/pdf/index.js';

export interface FiktionsbescheinigungData {
  readonly authorityName: string;
  readonly formNumber: string;
  readonly fiction: '81_3' | '81_4';
  readonly name: string;
  readonly birthDate: string;
  readonly reference: string;
  readonly serviceName: string;
  readonly receivedAt: Date;
  readonly permitExpiresOn: string | null;
  readonly validUntil: string;
  readonly issuedAt: Date;
}

const STYLES = {
  authority: { size: 11, bold: true, color: ACCENT },
  title: { size: 18, bold: true, color: INK },
  label: { size: 9.5, bold: false, color: MUTED },
  value: { size: 11, bold: true, color: INK },
  text: { size: 11, bold: false, color: INK },
  note: { size: 9, bold: false, color: MUTED },
} as const satisfies Record<string, Style>;

/** The legal effect, in the words of § 81 AufenthG (the official form's ticked box). */
const FICTION: Record<FiktionsbescheinigungData['fiction'], string> = {
  '81_3': 'Der Aufenthalt gilt nach § 81 Abs. 3 Satz 1 AufenthG bis zur Entscheidung der Ausländerbehörde als erlaubt.',
  '81_4':
    'Der bisherige Aufenthaltstitel gilt nach § 81 Abs. 4 Satz 1 AufenthG vom Zeitpunkt seines Ablaufs bis zur Entscheidung der Ausländerbehörde als fortbestehend, einschließlich der Erlaubnis zur Erwerbstätigkeit, wie sie der bisherige Titel gewährt.',
};

const day = (iso: string) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(`${iso}T00:00:00Z`));
const dateTime = (d: Date) =>
  new Intl.DateTimeFormat('de-DE', { timeZone: OFFICE_TIME_ZONE, dateStyle: 'long', timeStyle: 'short' }).format(d);

/**
 * The data sheet for the official blank form (Anlage D3 AufenthV), prefilled from the case: the
 * caseworker transfers or prints it onto the blank with this serial number, signs and seals it.
 */
export async function fiktionsbescheinigungPdf(data: FiktionsbescheinigungData): Promise<Uint8Array> {
  const rows: [string, string][] = [
    ['Vordruck-Nr. (Seriennummer)', data.formNumber],
    ['Name, Vorname', data.name],
    ['Geburtsdatum', day(data.birthDate)],
    ['Vorgang', data.reference],
    ['Antrag', data.serviceName],
    ['Antrag eingegangen am', dateTime(data.receivedAt)],
    ...(data.permitExpiresOn
      ? [['Bisheriger Aufenthaltstitel gültig bis', day(data.permitExpiresOn)] as [string, string]]
      : []),
    ['Diese Bescheinigung gilt bis', day(data.validUntil)],
    ['Ausgestellt am', dateTime(data.issuedAt)],
  ];
  const title = `Fiktionsbescheinigung nach § 81 Abs. 5 AufenthG`;
  const note =
    'Datenblatt zum amtlichen Vordruck (Anlage D3 AufenthV). Gültig nur auf dem amtlichen Vordruck mit Unterschrift und Dienstsiegel.';
  const signature = 'Im Auftrag – Unterschrift, Dienstsiegel';
  const doc = await PDFDocument.create();
  doc.setTitle(`${title} – ${data.reference}`);
  const canvas = createCanvas(
    doc,
    await subsetFaces([data.authorityName, title, note, signature, FICTION[data.fiction], ...rows.flat()]),
    false,
  );
  flow(canvas, data.authorityName, { style: STYLES.authority, direction: 'auto' }, 6);
  flow(canvas, title, { style: STYLES.title }, 4);
  flow(canvas, note, { style: STYLES.note }, 4);
  rule(canvas, 16);
  const labelWidth = labelColumnWidth(
    canvas,
    rows.map(([label]) => label),
    CONTENT_WIDTH,
    STYLES.label,
  );
  for (const [label, value] of rows) {
    reserve(canvas, 18);
    drawText(canvas, label, canvas.y - 1.5, { style: STYLES.label, column: { start: 0, width: labelWidth } });
    canvas.y -=
      drawText(canvas, value, canvas.y, {
        style: STYLES.value,
        column: { start: labelWidth + 10, width: CONTENT_WIDTH - labelWidth - 10 },
        direction: 'auto',
      }) + 4;
  }
  rule(canvas, 16);
  flow(canvas, FICTION[data.fiction], { style: STYLES.text }, 40);
  flow(canvas, signature, { style: STYLES.note });
  writeFaces(doc, canvas.faces);
  return doc.save();
}
