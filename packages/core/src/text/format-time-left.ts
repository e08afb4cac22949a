/**
 * Time left as a person reads it: "7h 59m", "12m", "9m 05s", "45s", "expired". One way of saying it
 * for the CLI and the mise enter hook; no imports, as the hook loads it on its fast path.
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
