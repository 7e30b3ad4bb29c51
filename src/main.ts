import { ConfigError, loadConfig } from './platform/config.js';
import { startWillkommen } from './start.js';

async function main(): Promise<void> {
  const config = loadConfig();
  let shutdown: ((reason: string, code?: number) => void) | undefined;
  // The embedded PostgreSQL died and would not start again: stop, so that a supervisor restarts both.
  const running = await startWillkommen(config, { onFatal: () => shutdown?.('database lost', 1) });
  const shown = running.url.replace('127.0.0.1', 'localhost');
  const setup = running.setupLink
    ? `\nNo admin yet. Set up the first admin account within 24 hours, once, at:\n  ${running.setupLink}`
    : '';
  const staff = running.demoStaffLinks.length
    ? `\nThe demo's staff can set a password within 24 hours, each once, at:\n${running.demoStaffLinks
        .map((s) => `  ${s.displayName} <${s.email}>: ${s.link}`)
        .join('\n')}`
    : '';
  // One write, so that whoever reads the console gets the address and the setup link together.
  console.log(`Willkommen runs at ${shown}/ (press Ctrl+C to stop)${setup}${staff}`);

  let stopping = false;
  shutdown = (signal: string, code = 0) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then stopping the database`);
    const force = setTimeout(() => {
      console.error('Shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownGraceMs);
    force.unref();
    running.stop().then(
      () => process.exit(code),
      (error: unknown) => {
        console.error('Shutdown failed:', error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) console.error(`Configuration error: ${error.message}`);
  else console.error('Willkommen could not start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
