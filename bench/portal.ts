import autocannon from 'autocannon';
import { openBrowser } from '../e2e/browser.js';
import type { BenchServer } from './server.js';

export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p99Ms: number;
  readonly non2xx: number;
}

/**
 * 50 concurrent connections for `seconds`, as a browser asks (compressed answers accepted). With
 * `unknownParameter`, every request carries a query parameter of its own (`?x=<random>`), as an
 * attacker would send to get past the page cache.
 */
export async function load(
  url: string,
  seconds: number,
  connections = 50,
  options: { unknownParameter?: boolean } = {},
): Promise<LoadResult> {
  const { pathname } = new URL(url);
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    headers: { 'accept-encoding': 'gzip, deflate, br', 'accept-language': 'de-DE,de;q=0.9' },
    ...(options.unknownParameter
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => ({
                ...request,
                path: `${pathname}?x=${Math.random().toString(36).slice(2)}`,
              }),
            },
          ],
        }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx + result.errors + result.timeouts,
  };
}

/** Bytes a first visit to the start page transfers (HTML, CSS, fonts, everything), measured in Chromium. */
export async function firstLoadBytes(url: string): Promise<number> {
  const browser = await openBrowser();
  try {
    const page = await browser.context.newPage();
    let total = 0;
    const pending: Promise<void>[] = [];
    page.on('requestfinished', (request) => {
      pending.push(
        request.sizes().then((sizes) => {
          total += sizes.responseBodySize + sizes.responseHeadersSize;
        }),
      );
    });
    await page.goto(url, { waitUntil: 'networkidle' });
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
    await page.waitForLoadState('networkidle');
    await Promise.all(pending);
    return total;
  } finally {
    await browser.close();
  }
}

/** Runs a load while sampling the server's memory; returns the highest resident size seen. */
export async function withPeakRss<T>(
  server: BenchServer,
  work: () => Promise<T>,
): Promise<{ result: T; peakMb: number }> {
  let peakMb = server.rssMb();
  const timer = setInterval(() => {
    peakMb = Math.max(peakMb, server.rssMb());
  }, 100);
  try {
    const result = await work();
    return { result, peakMb: Math.max(peakMb, server.rssMb()) };
  } finally {
    clearInterval(timer);
  }
}
