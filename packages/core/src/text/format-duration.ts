/**
 * A duration as ssoenv's messages write a setting's length: "8h", "1h30m", "25m", "45s" (minutes
 * rounded), and from two days on "30d", "2d3h": the form `ssoenv_session_duration` and
 * `--min-validity` take (`--min-validity 1000d` is said back as "1000d", not "24000h").
 *
 * @example formatDuration(5_400_000) // "1h30m"
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)}s`;
  const hours = Math.floor(minutes / 60);
  const m = minutes % 60;
  const d = hours >= 48 ? Math.floor(hours / 24) : 0;
  const h = hours - d * 24;
  return `${d ? `${d}d` : ""}${h ? `${h}h` : ""}${m ? `${m}m` : ""}`;
}
