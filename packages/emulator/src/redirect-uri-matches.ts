/** Loopback hosts for which a registered port-less redirect URI accepts any port (RFC 8252 §7.3). */
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]"]);

/**
 * Whether a redirect URI sent to /authorize (and CreateToken) matches one the client registered.
 * Equal strings match. A registered loopback URI without a port (`http://127.0.0.1/oauth/callback`,
 * what the AWS CLI registers) matches the same URI with any port, since a native app only learns
 * its port when it starts listening; every other part must be equal.
 */
export function redirectUriMatches(registered: string, requested: string): boolean {
  if (registered === requested) return true;
  let want: URL;
  let got: URL;
  try {
    want = new URL(registered);
    got = new URL(requested);
  } catch {
    return false;
  }
  return (
    want.protocol === "http:" &&
    got.protocol === "http:" &&
    LOOPBACK_HOSTS.has(want.hostname) &&
    want.port === "" &&
    got.hostname === want.hostname &&
    got.port !== "" &&
    got.pathname === want.pathname &&
    got.search === want.search &&
    got.username === "" &&
    got.password === "" &&
    got.hash === ""
  );
}
