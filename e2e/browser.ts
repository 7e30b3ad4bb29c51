import { AxeBuilder } from '@axe-core/playwright';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export interface BrowserOptions {
  locale?: string;
  javaScriptEnabled?: boolean;
  /** More Chromium switches, e.g. a fake camera fed from a file. */
  extraArgs?: readonly string[];
  /** Permissions granted to every origin, e.g. `camera`. */
  permissions?: string[];
}

/** Debian's Chromium (found or installed by `npm test`, path in CHROMIUM_PATH), a fresh profile each time. */
export async function openBrowser(options: BrowserOptions = {}): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH;
  if (!executablePath) throw new Error('CHROMIUM_PATH is not set: run the browser tests with `npm test`');
  const profile = await mkdtemp(path.join(tmpdir(), 'willkommen-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])],
    permissions: options.permissions ?? [],
    locale: options.locale ?? 'de-DE',
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Runs axe with the WCAG 2.0/2.1 A and AA rules and fails with the list of violations, if any. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const summary = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help} — ${v.nodes
        .map((n) => n.target.join(' '))
        .slice(0, 3)
        .join(', ')}`,
  );
  assert.deepEqual(summary, [], `${label}: accessibility violations`);
}
