/**
 * Time left as a person reads it: "7h 59m", "12m", "9m 05s", "45s", "expired".
 *
 * @example formatTimeLeft(5_400_000) // "1h 30m"
 */
export function formatTimeLeft(ms: number): string {
  if (ms <= 0) return "expired";
  const totalMinutes = Math.floor(ms / 60_000);
  if (totalMinutes === 0) return `${Math.floor(ms / 1000)}s`;
  // Under 10 minutes the seconds matter (a device code counting down).
  if (totalMinutes < 10) return `${totalMinutes}m ${String(Math.floor(ms / 1000) % 60).padStart(2, "0")}s`;
  const days = Math.floor(totalMinutes / 1440);
  const hours = Math.floor((totalMinutes % 1440) / 60);
  const minutes = totalMinutes % 60;
  if (days > 0) return `${days}d ${hours}h`;
  return hours > 0 ? `${hours}h ${String(minutes).padStart(2, "0")}m` : `${minutes}m`;
}

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
