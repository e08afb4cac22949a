/**
 * The proxy a request to `url` goes through, from the environment as the AWS CLI and boto3 read it:
 * `HTTPS_PROXY` for https URLs, `HTTP_PROXY` for http ones (either case; the lower-case one first),
 * none when `NO_PROXY` names the host. Not curl's `ALL_PROXY` (often a SOCKS proxy): botocore takes
 * only the entry for the URL's scheme, and goes direct. The AWS SDK for JavaScript reads none of
 * them, so without this ssoenv could not reach AWS where only a proxy can (aws sso login can).
 *
 * A loopback endpoint (localhost, 127.x, ::1: the emulator, a local mock) never goes through a
 * proxy, as in Go's net/http (terraform): a proxy elsewhere cannot reach this machine's loopback.
 *
 * `NO_PROXY` is read as botocore reads it (Python's urllib, proxy_bypass_environment): `*` alone (no
 * proxy at all), else a comma-separated list of hosts or domains, each covering its subdomains
 * (`example.com` and `.example.com` cover `oidc.example.com`). No `*.example.com` (Go's), no list
 * separated by spaces, and a `:port` only for a URL on another port than its scheme's: the AWS CLI uses the proxy
 * for those, so ssoenv does too.
 *
 * @returns the proxy URL (`http://proxy:3128`, with a scheme added when the variable has none), or undefined.
 */
export function proxyFor(url: string, env: NodeJS.ProcessEnv): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  const scheme = target.protocol.replace(/:$/, "");
  const proxy = read(env, `${scheme}_proxy`);
  if (!proxy) return undefined;
  const host = target.hostname.replace(/^\[(.*)\]$/, "$1").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1") {
    return undefined;
  }
  if (bypassed(read(env, "no_proxy"), target)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function read(env: NodeJS.ProcessEnv, name: string): string {
  return (env[name.toLowerCase()] || env[name.toUpperCase()] || "").trim();
}

function bypassed(noProxy: string, target: URL): boolean {
  if (noProxy === "*") return true;
  // urllib compares the URL's netloc (`host`: with its port, unless the scheme's) and the host alone.
  const host = target.host.toLowerCase();
  const hostOnly = target.hostname.toLowerCase();
  for (const entry of noProxy.split(",")) {
    const name = entry.trim().replace(/^\.+/, "").toLowerCase();
    if (!name) continue;
    if (hostOnly === name || host === name) return true;
    if (hostOnly.endsWith(`.${name}`) || host.endsWith(`.${name}`)) return true;
  }
  return false;
}
