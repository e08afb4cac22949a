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
 * `NO_PROXY` is a comma- or space-separated list: `*` (no proxy at all), a host or IP (also its
 * subdomains: `example.com` covers `oidc.example.com`), `.example.com` or `*.example.com` (the
 * subdomains), each optionally with `:port`.
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
  const port = target.port || (scheme === "https" ? "443" : "80");
  if (bypassed(read(env, "no_proxy"), host, port)) return undefined;
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(proxy) ? proxy : `http://${proxy}`;
}

function read(env: NodeJS.ProcessEnv, name: string): string {
  return (env[name.toLowerCase()] || env[name.toUpperCase()] || "").trim();
}

function bypassed(noProxy: string, host: string, port: string): boolean {
  for (const raw of noProxy.split(/[\s,]+/)) {
    const entry = raw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === "*") return true;
    // host, host:port, [v6]:port, or a bare IPv6 address (several colons, no port)
    let name = entry;
    let entryPort: string | undefined;
    const bracketed = /^\[(.+)\](?::(\d+))?$/.exec(entry);
    if (bracketed) [, name = "", entryPort] = bracketed;
    else if (entry.split(":").length === 2) [name = "", entryPort] = entry.split(":");
    name = name.replace(/^\*?\./, "");
    if (!name || (entryPort && entryPort !== port)) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}
