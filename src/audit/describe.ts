import type { StaffTranslator } from '../platform/i18n/staff-translator.js';
import type { Finding, Problem } from './chain.js';
import type { AnchorFinding } from './checkpoint.js';
import type { BadCheckpointLine } from './checkpoint-file.js';

function problemText(t: StaffTranslator, problem: Problem): string {
  switch (problem.kind) {
    case 'moved':
      return t.t('audit.problem.moved', { was: problem.was });
    case 'missing':
      return t.t('audit.problem.missing', { count: problem.to - problem.from + 1, from: problem.from, to: problem.to });
    default:
      return t.t(`audit.problem.${problem.kind}`);
  }
}

/** One damaged entry, named: seq, id, time, action, and what is wrong. */
export function describeFinding(t: StaffTranslator, finding: Finding): string {
  return t.t('audit.finding', {
    seq: finding.seq,
    id: finding.id,
    at: finding.at,
    action: finding.action,
    problem: problemText(t, finding.problem),
  });
}

/** What a checkpoint outside the database says is wrong; names the entry where one is left. */
export function describeAnchor(t: StaffTranslator, finding: AnchorFinding): string {
  const { checkpoint } = finding;
  if (finding.kind === 'cut') {
    return t.t('audit.anchor.cut', {
      last: finding.last,
      checkpointAt: checkpoint.at,
      seq: checkpoint.seq,
      entryAt: checkpoint.entryAt,
    });
  }
  if (!finding.entry) return t.t('audit.anchor.gone', { seq: checkpoint.seq, checkpointAt: checkpoint.at });
  return t.t('audit.finding', {
    seq: finding.entry.seq,
    id: finding.entry.id,
    at: finding.entry.at,
    action: finding.entry.action,
    problem: t.t('audit.anchor.diverged', { seq: checkpoint.seq, checkpointAt: checkpoint.at }),
  });
}

export function describeFindingOrAnchor(t: StaffTranslator, finding: Finding | AnchorFinding): string {
  return 'problem' in finding ? describeFinding(t, finding) : describeAnchor(t, finding);
}

export function describeBadLine(t: StaffTranslator, bad: BadCheckpointLine): string {
  return t.t(`audit.checkpointLine.${bad.reason}`, { line: bad.line, file: bad.file });
}
