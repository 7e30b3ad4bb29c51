import pg from 'pg';

export interface Listener {
  stop(): Promise<void>;
}

export interface ListenOptions {
  readonly url: string;
  readonly channel: string;
  readonly onMessage: (payload: string) => void;
  /** After a lost connection is back: notifications may have been missed in between. */
  readonly onReconnect: () => void;
  /** Each time LISTEN is in place, the first time included (what was done before it may need a look). */
  readonly onListening?: () => void;
  readonly log: (message: string) => void;
}

const RETRY_MS = 1_000;

/**
 * One connection that LISTENs on a channel and comes back by itself after the database restarts
 * or the network drops. NOTIFY is sent inside the changing transaction, so it arrives only after
 * the change is committed and visible, on every instance listening.
 */
export function listen(options: ListenOptions): Listener {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const connect = async (again: boolean): Promise<void> => {
    const next = new pg.Client({
      connectionString: options.url,
      application_name: `willkommen-listen-${options.channel}`,
    });
    next.on('notification', (message) => {
      if (message.channel === options.channel) options.onMessage(message.payload ?? '');
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next, new Error('connection ended')));
    try {
      await next.connect();
      await next.query(`LISTEN ${options.channel}`);
      if (stopped) {
        await next.end().catch(() => undefined);
        return;
      }
      client = next;
      options.onListening?.();
      if (again) options.onReconnect();
    } catch (error) {
      lost(next, error as Error);
    }
  };

  const lost = (which: pg.Client, error: Error): void => {
    if (stopped || (client !== null && client !== which)) return;
    if (client === which) options.log(`listener on ${options.channel} lost: ${error.message}`);
    client = null;
    which.removeAllListeners('end');
    which.end().catch(() => undefined);
    clearTimeout(retry);
    retry = setTimeout(() => void connect(true), RETRY_MS);
  };

  if (!/^[a-z_]+$/.test(options.channel)) throw new Error('channel names are lower-case words');
  void connect(false);
  return {
    async stop() {
      stopped = true;
      clearTimeout(retry);
      const current = client;
      client = null;
      await current?.end().catch(() => undefined);
    },
  };
}
