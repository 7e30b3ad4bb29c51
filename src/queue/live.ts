import type pg from 'pg';
import { officeToday } from '../platform/clock/office-time.js';
import { withTenant } from '../platform/database/index.js';
import { listen, type Listener } from '../platform/database/listener.js';
import { readLocationQueue, type LocationQueue } from './location-queue.js';
import { indexQueue, type QueueIndex } from './queue-views.js';
import { QUEUE_CHANNEL } from './tickets.js';

/** A location's queue as read once, with what every phone page is computed from. */
export interface Snapshot {
  readonly queue: LocationQueue;
  readonly index: QueueIndex;
}

/** A connected display or phone page: it gets every new snapshot of its location and sends what changed. */
export interface Subscriber {
  update(snapshot: Snapshot): void;
  close(): void;
}

interface Channel {
  readonly authorityId: string;
  readonly locationId: string;
  readonly subscribers: Set<Subscriber>;
  snapshot: Promise<Snapshot> | null;
  loading: boolean;
  dirty: boolean;
}

/** Waiting estimates and the office day move on without any change in the queue. */
const REFRESH_MS = 60_000;

/**
 * The live queue of every location that has a display or phone page connected to this instance.
 * A change anywhere (this instance or another) arrives by NOTIFY; the location's queue is read
 * once and pushed to all its subscribers. Changes during a read are folded into one more read.
 */
export class QueueLive {
  private readonly channels = new Map<string, Channel>();
  private listener: Listener | null = null;
  private refresh: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: (message: string) => void,
  ) {}

  start(listenUrl: string): void {
    this.listener = listen({
      url: listenUrl,
      channel: QUEUE_CHANNEL,
      log: this.log,
      onMessage: (key) => this.changed(key),
      onReconnect: () => {
        for (const key of this.channels.keys()) this.changed(key);
      },
    });
    this.refresh = setInterval(() => {
      for (const key of this.channels.keys()) this.changed(key);
    }, REFRESH_MS);
    this.refresh.unref();
  }

  /** Adds a subscriber; it gets the current state at once, then every change. Returns the unsubscribe. */
  async subscribe(authorityId: string, locationId: string, subscriber: Subscriber): Promise<() => void> {
    const key = `${authorityId}/${locationId}`;
    let channel = this.channels.get(key);
    if (!channel) {
      channel = { authorityId, locationId, subscribers: new Set(), snapshot: null, loading: false, dirty: false };
      this.channels.set(key, channel);
    }
    channel.subscribers.add(subscriber);
    const current = channel;
    current.snapshot ??= this.read(current);
    try {
      subscriber.update(await current.snapshot);
    } catch (error) {
      current.snapshot = null;
      this.log(`queue snapshot failed: ${(error as Error).message}`);
    }
    return () => {
      current.subscribers.delete(subscriber);
      if (current.subscribers.size === 0 && this.channels.get(key) === current) this.channels.delete(key);
    };
  }

  /** The current snapshot of a location (read now if nobody watches it). */
  async snapshot(authorityId: string, locationId: string): Promise<Snapshot> {
    const channel = this.channels.get(`${authorityId}/${locationId}`);
    return channel?.snapshot && !channel.dirty && !channel.loading
      ? channel.snapshot
      : this.read({ authorityId, locationId });
  }

  async stop(): Promise<void> {
    clearInterval(this.refresh);
    await this.listener?.stop();
    for (const channel of this.channels.values()) for (const subscriber of channel.subscribers) subscriber.close();
    this.channels.clear();
  }

  private changed(key: string): void {
    const channel = this.channels.get(key);
    if (!channel) return;
    if (channel.loading) {
      channel.dirty = true;
      return;
    }
    channel.loading = true;
    const next = this.read(channel);
    channel.snapshot = next;
    next
      .then(
        (snapshot) => {
          for (const subscriber of channel.subscribers) subscriber.update(snapshot);
        },
        (error: Error) => {
          channel.snapshot = null;
          this.log(`queue snapshot failed: ${error.message}`);
        },
      )
      .finally(() => {
        channel.loading = false;
        if (channel.dirty) {
          channel.dirty = false;
          this.changed(key);
        }
      });
  }

  private async read({ authorityId, locationId }: { authorityId: string; locationId: string }): Promise<Snapshot> {
    const now = Date.now();
    const queue = await withTenant(this.pool, authorityId, (tx) =>
      readLocationQueue(tx, { authorityId, locationId, officeDay: officeToday(now), now }),
    );
    return { queue, index: indexQueue(queue) };
  }
}
