import { stsError } from "./service-error.js";

/** How far a SigV4 request's `X-Amz-Date` may be from AWS's clock. */
const WINDOW_MS = 15 * 60_000;

/**
 * Refuses a header-signed request whose `X-Amz-Date` is more than 15 minutes from AWS's wall clock
 * (`awsNowMs`), as STS does: 403 SignatureDoesNotMatch "Signature expired: ... (... - 15 min.)" or
 * "Signature not yet current: ... (... + 15 min.)". A machine whose clock is that far off gets this
 * from every signed AWS call, whatever its credentials.
 */
export function checkSignatureTime(amzDate: string, awsNowMs: number): void {
  const signedAt = parseAmzDate(amzDate);
  if (signedAt === undefined) {
    throw stsError("IncompleteSignature", 400, `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  }
  if (signedAt < awsNowMs - WINDOW_MS) {
    throw stsError(
      "SignatureDoesNotMatch",
      403,
      `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(awsNowMs - WINDOW_MS)} (${formatAmzDate(awsNowMs)} - 15 min.)`,
    );
  }
  if (signedAt > awsNowMs + WINDOW_MS) {
    throw stsError(
      "SignatureDoesNotMatch",
      403,
      `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(awsNowMs + WINDOW_MS)} (${formatAmzDate(awsNowMs)} + 15 min.)`,
    );
  }
}

/** `20260102T030405Z` -> epoch ms, or undefined when it is not in that form. */
function parseAmzDate(value: string): number | undefined {
  const m = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(value);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[];
  return Date.UTC(y as number, (mo as number) - 1, d, h, mi, s);
}

function formatAmzDate(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
}
