/**
 * ISO 8601 in UTC without milliseconds, as the AWS CLI prints expiration times.
 *
 * @example isoSeconds(new Date("2026-01-01T12:00:00.123Z")) // "2026-01-01T12:00:00Z"
 */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
