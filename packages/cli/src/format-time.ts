// How long is left is said by core's formatTimeLeft, shared with the mise enter hook.
import { formatTimeLeft } from "@ssoenv/core/internal/text/format-time-left";

/**
 * Time left with its word: "7h 59m left", or "none left" once the moment has passed — it can pass
 * while a command runs, after the check that found it ahead ("expired left" before).
 *
 * @example formatLeft(5_400_000) // "1h 30m left"
 */
export function formatLeft(ms: number): string {
  return ms > 0 ? `${formatTimeLeft(ms)} left` : "none left";
}

const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/**
 * A moment in the local time zone: "18:42" today, "Sat 28 Nov 09:00" otherwise. Put together by
 * hand rather than by toLocaleTimeString: the first Intl date format of a process costs ~25 ms
 * (ICU's data), and every `ssoenv refresh` prints one.
 *
 * @example formatLocalTime(session.credentials.expiration)
 */
export function formatLocalTime(date: Date, now = new Date()): string {
  const time = `${twoDigits(date.getHours())}:${twoDigits(date.getMinutes())}`;
  if (date.toDateString() === now.toDateString()) return time;
  return `${WEEKDAYS[date.getDay()]} ${date.getDate()} ${MONTHS[date.getMonth()]} ${time}`;
}

function twoDigits(value: number): string {
  return String(value).padStart(2, "0");
}
