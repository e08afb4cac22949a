import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import { createServer } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

/** A TLS server in front of the emulator, and the certificate (its own CA bundle) clients must trust. */
export interface TlsFront {
  /** The PEM certificate, for AWS_CA_BUNDLE or `ca_bundle`. */
  bundle: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts a TLS server on loopback whose certificate (made now with `openssl`, in `dir`) names
 * `subjectAltName`, forwarding every request to `upstreamUrl` as it came, its Host too (SigV4 signed
 * it; for SSO calls it is the only sign of the region). listen(0), kept open until close(): the port
 * is never handed back.
 */
export async function startTlsFront(options: {
  openssl: string;
  dir: string;
  /** `/CN=...` */
  subject: string;
  /** e.g. `IP:127.0.0.1` or `DNS:*.us-east-1.amazonaws.com,...` */
  subjectAltName: string;
  upstreamUrl: string;
}): Promise<TlsFront> {
  const key = join(options.dir, "tls-front.key");
  const bundle = join(options.dir, "tls-front.crt");
  execFileSync(options.openssl, [
    "req",
    "-x509",
    "-newkey",
    "rsa:2048",
    "-nodes",
    "-keyout",
    key,
    "-out",
    bundle,
    "-days",
    "2",
    "-subj",
    options.subject,
    "-addext",
    `subjectAltName=${options.subjectAltName}`,
  ]);
  const target = new URL(options.upstreamUrl);
  const server = createServer({ key: readFileSync(key), cert: readFileSync(bundle) }, (req, res) => {
    const upstream = httpRequest(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.once("error", () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    bundle,
    port: (server.address() as AddressInfo).port,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
