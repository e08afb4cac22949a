/**
 * A duration as ssoenv's messages write a setting's length: "8h", "1h30m", "25m", "45s" (minutes
 * rounded), the form `ssoenv_session_duration` and `--min-validity` take.
 *
 * @example formatDuration(5_400_000) // "1h30m"
 */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return `${Math.round(ms / 1000)}s`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h}h${m ? `${m}m` : ""}` : `${m}m`;
}
