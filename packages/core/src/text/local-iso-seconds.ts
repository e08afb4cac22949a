import { isoSeconds } from "../credentials/iso-seconds.js";

/**
 * A time for a message a person reads: ISO 8601 to the second in this machine's time zone, with its
 * offset (`2026-12-07T23:11:28+09:00`; `…Z` where the offset is 0), so it reads in the clock the
 * CLI's other lines use ("ended 23:11") and stays unambiguous for scripts. Credentials keep UTC
 * (`isoSeconds`): AWS tools parse those.
 */
export function localIsoSeconds(date: Date): string {
  const offsetMinutes = -date.getTimezoneOffset();
  if (offsetMinutes === 0) return isoSeconds(date);
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMinutes);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${local}${offsetMinutes > 0 ? "+" : "-"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}
