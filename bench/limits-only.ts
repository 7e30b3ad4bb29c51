/**
 * `npm run bench:limits`: the figures the shared limits (src/platform/rate-limit-store/) could slow
 * down, alone: the start page (every request counted against the per-address limit) and the booking
 * storm over HTTP (each hold counted against the holds per address and the proof-of-work load).
 * The same names as in `npm run bench`, so before and after compare line by line.
 */
import { minutesOf } from '../src/platform/clock/office-time.js';
import { createLocation, httpStorm, percentile, startWithRoomFor200 } from './booking.js';
import { load } from './portal.js';
import { startBenchServer } from './server.js';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

function print(name: string, value: number, digits = 1): void {
  console.log(`${name}: ${Number.isInteger(value) ? value : value.toFixed(digits)}`);
}

const server = await startBenchServer();
try {
  await load(`${server.base}/de/`, 2);
  const start = await load(`${server.base}/de/`, SECONDS);
  print('start.requests_per_s', start.requestsPerSecond);
  print('start.p99_ms', start.p99Ms);
  print('start.non_2xx', start.non2xx);
} finally {
  await server.stop();
}

const booking = await startWithRoomFor200();
try {
  const end = minutesOf('08:00') + 5 * booking.db.service.minutes;
  const storm = await createLocation(booking.db, {
    slug: 'bench-storm',
    serviceIds: [booking.db.service.id],
    counters: 4,
    weekdays: [1, 2, 3, 4, 5, 6, 7],
    opens: '08:00',
    closes: `${String(Math.floor(end / 60)).padStart(2, '0')}:${String(end % 60).padStart(2, '0')}`,
  });
  const http = await httpStorm(booking.server.base, booking.db, storm.locationId);
  print('booking.storm.bookings_per_s', http.attempts / http.seconds);
  print('booking.storm.p50_ms', percentile(http.latencies, 0.5));
  print('booking.storm.p99_ms', percentile(http.latencies, 0.99));
  print('booking.storm.errors', http.errors);
  print('booking.storm.overbooked', http.overbooked);
} finally {
  await booking.stop();
}
