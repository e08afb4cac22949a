import { resolve } from "node:path";
import { configFilePath } from "../../config/aws-paths.js";
import { loadSsoProfile } from "../../config/load-sso-profile.js";
import type { UpdateEnvFileResult } from "../../env/update-env-file.js";
import type { Session } from "../../session/session-types.js";
import { removeServerState, writeServerState } from "./server-state.js";
import { type CredentialsServer, startCredentialsServer } from "./start-credentials-server.js";
import { writeEndpointEnvFile } from "./write-endpoint-env-file.js";

/** Options of {@link runCredentialsServer}. */
export interface RunCredentialsServerOptions {
  profiles: readonly string[];
  /** @default 0 (a free port) */
  port?: number;
  /** @default 32 random bytes */
  token?: string;
  /** Sessions fetched at start-up (served until their renewal time). */
  sessions?: readonly Session[];
  /** .env files to point at the first profile's endpoint. */
  envFiles?: readonly string[];
  /** Started by `ssoenv refresh` rather than in a terminal. @default false */
  background?: boolean;
  /** Ends the server. */
  signal: AbortSignal;
  /** Called once the server listens and its files are written (`files`: what each write did, in order). */
  onReady?: (server: CredentialsServer, files: readonly UpdateEnvFileResult[]) => void;
  log?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
}

/**
 * `ssoenv serve`: starts the credentials endpoint, records it in `~/.aws/ssoenv/serve/<port>.json`
 * (0600), points the .env files at it, serves until `signal` aborts, then closes and removes its record.
 *
 * @throws SsoenvError `PORT_IN_USE`, and what writeEndpointEnvFile throws (the server is closed first).
 */
export async function runCredentialsServer(options: RunCredentialsServerOptions): Promise<void> {
  const env = options.env ?? process.env;
  const server = await startCredentialsServer({
    profiles: options.profiles,
    ...(options.port !== undefined ? { port: options.port } : {}),
    ...(options.token ? { token: options.token } : {}),
    ...(options.sessions ? { sessions: options.sessions } : {}),
    ...(options.log ? { log: options.log } : {}),
    env,
  });
  try {
    await writeServerState({
      env,
      state: {
        pid: process.pid,
        port: server.port,
        url: server.url,
        token: server.token,
        profiles: [...server.profiles],
        configFile: configFilePath(env),
        envFiles: (options.envFiles ?? []).map((path) => resolve(path)),
        background: options.background ?? false,
        startedAt: new Date().toISOString(),
      },
    });
    const first = options.profiles[0] as string;
    const files: UpdateEnvFileResult[] = [];
    // The files get the first profile's endpoint and region (its config read once for all of them).
    const region = options.envFiles?.length
      ? (await loadSsoProfile({ profile: first, env })).region
      : undefined;
    for (const path of options.envFiles ?? []) {
      const written = await writeEndpointEnvFile({
        path,
        region,
        url: server.urlFor(first),
        token: server.token,
        env,
      });
      files.push(written);
    }
    options.onReady?.(server, files);
    if (!options.signal.aborted) {
      await new Promise<void>((resolve) =>
        options.signal.addEventListener("abort", () => resolve(), { once: true }),
      );
    }
  } finally {
    await server.close();
    await removeServerState({ env, port: server.port, pid: process.pid });
  }
}
