/**
 * The written result of the pathway check as an A4 PDF: German first, then the same in the
 * person's language (unless German). The texts come formatted from pathway-paper.ts; this module
 * only lays them out with the platform's PDF engine (fonts cut to the text, Arabic and Persian
 * shaped and ordered, wrapping, new pages as needed).
 */
import { PDFDocument } from 'pdf-lib';
import {
  ACCENT,
  createCanvas,
  type Direction,
  flow,
  INK,
  MUTED,
  rule,
  type Style,
  subsetFaces,
  writeFaces,
} from '../platform/pdf/index.js';

export type BlockKind = 'title' | 'heading' | 'subheading' | 'body' | 'strong' | 'bullet' | 'note';

export interface Block {
  readonly kind: BlockKind;
  readonly text: string;
  /** Citations and codes are left to right on every page; other text takes the section's direction. */
  readonly direction?: 'ltr';
}

export interface PaperSection {
  readonly rtl: boolean;
  readonly blocks: readonly Block[];
}

export interface PathwayPaper {
  readonly authorityName: string;
  /** The document's title in German (metadata). */
  readonly title: string;
  readonly sections: readonly PaperSection[];
}

const STYLES: Readonly<Record<BlockKind | 'authority', Style>> = {
  authority: { size: 11, bold: true, color: ACCENT },
  title: { size: 18, bold: true, color: INK },
  heading: { size: 13, bold: true, color: INK },
  subheading: { size: 11, bold: true, color: INK },
  body: { size: 10.5, bold: false, color: INK },
  strong: { size: 10.5, bold: true, color: ACCENT },
  bullet: { size: 10.5, bold: false, color: INK },
  note: { size: 9, bold: false, color: MUTED },
};

const GAP: Readonly<Record<BlockKind, number>> = {
  title: 6,
  heading: 4,
  subheading: 3,
  body: 4,
  strong: 3,
  bullet: 2,
  note: 6,
};

const BULLET = '\u2022 ';

export async function pathwayPdf(paper: PathwayPaper): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(paper.title, { showInWindowTitleBar: true });
  doc.setAuthor(paper.authorityName);
  doc.setLanguage('de');
  doc.setCreator('Willkommen');
  doc.setProducer('Willkommen');
  const texts = [paper.authorityName, BULLET, ...paper.sections.flatMap((s) => s.blocks.map((b) => b.text))];
  const canvas = createCanvas(doc, await subsetFaces(texts), false);
  flow(canvas, paper.authorityName, { style: STYLES.authority, direction: 'auto' }, 6);
  for (const [index, section] of paper.sections.entries()) {
    if (index > 0) rule(canvas, 18);
    canvas.rtl = section.rtl;
    for (const block of section.blocks) {
      const text = block.kind === 'bullet' ? `${BULLET}${block.text}` : block.text;
      const direction: Direction | undefined = block.direction;
      flow(canvas, text, { style: STYLES[block.kind], ...(direction ? { direction } : {}) }, GAP[block.kind]);
    }
  }
  writeFaces(doc, canvas.faces);
  return doc.save();
}
