import type { IncomingHttpHeaders } from "node:http";
import { agentsForUrl, type EndpointSettings } from "./aws-clients.js";

/** An answer of {@link httpGet}. */
export interface HttpGetAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body (at most 1 MiB), or "" when it was not asked for. */
  text: string;
}

/**
 * GET `url` as ssoenv's AWS clients send: through the proxy of HTTPS_PROXY / HTTP_PROXY / NO_PROXY
 * and trusting AWS_CA_BUNDLE (else the profile's `ca_bundle`), which fetch (undici) ignores.
 * node:http(s), loaded here only: the callers (doctor's clock check, the console) are not hot paths.
 *
 * @param options.body read the body (at most 1 MiB); without it the answer's headers alone.
 * @throws the socket's error (callers run it under callAws), SsoenvError `CONFIG_INVALID` for a CA
 *   bundle that cannot be read.
 */
export function httpGet(
  url: string,
  options: { env: NodeJS.ProcessEnv; settings?: EndpointSettings; signal: AbortSignal; body?: boolean },
): Promise<HttpGetAnswer> {
  const agents = agentsForUrl(url, options.env, options.settings);
  const secure = url.startsWith("https:");
  const client = process.getBuiltinModule(secure ? "node:https" : "node:http") as typeof import("node:https");
  const agent = secure ? agents.httpsAgent : agents.httpAgent;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { signal: options.signal, ...(agent ? { agent } : {}) }, (response) => {
      const answer = { status: response.statusCode ?? 0, headers: response.headers };
      if (!options.body) {
        response.destroy();
        resolve({ ...answer, text: "" });
        return;
      }
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => {
        text += chunk;
        if (text.length > 1_048_576) response.destroy(new Error("answer larger than 1 MiB"));
      });
      response.once("end", () => resolve({ ...answer, text }));
      response.once("error", reject);
    });
    request.once("error", reject);
  });
}
