import type { Locale } from '../../../platform/i18n/locales.js';
import { formatSlot } from '../../slot-format.js';
import type { DaySlots } from '../slots.js';

/**
 * Days with their free times, each time a submit button `startsAt` of the surrounding form: the
 * list works without JavaScript. Staff also see how many counters are free (`capacity`).
 */
export function SlotButtons({
  locale,
  days,
  label,
  capacity = false,
}: {
  locale: Locale;
  days: readonly DaySlots[];
  label?: (time: string, date: string) => string;
  capacity?: boolean;
}) {
  return (
    <ul class="site-week">
      {days.map((day) => (
        <li key={day.day}>
          <h2 class="kern-heading-small" id={`day-${day.day}`}>
            {formatSlot(locale, day.slots[0]!.startsAt).date}
          </h2>
          <ul class="site-times" aria-labelledby={`day-${day.day}`}>
            {day.slots.map((slot) => {
              const { time, date } = formatSlot(locale, slot.startsAt);
              return (
                <li key={slot.startsAt}>
                  <button
                    class="kern-btn kern-btn--secondary"
                    type="submit"
                    name="startsAt"
                    value={new Date(slot.startsAt).toISOString()}
                    aria-label={label ? label(time, date) : undefined}
                  >
                    <span class="kern-label">{capacity ? `${time} (${slot.counterIds.length})` : time}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}
