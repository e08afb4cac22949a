import { join, resolve } from "node:path";
import { loadSsoProfile, type SsoProfile } from "@ssoenv/core/internal/config/load-sso-profile";
import { resolveProfileName } from "@ssoenv/core/internal/config/resolve-profile-name";
import { checkEnvFileTarget } from "@ssoenv/core/internal/env/update-env-file";
import { isSsoenvError, SsoenvError } from "@ssoenv/core/internal/errors";
import { loadProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import type { Session } from "@ssoenv/core/internal/session/session-types";
import { SERVE_TOKEN_ENV } from "@ssoenv/core/internal/sinks/serve/ensure-background-server";
import { probeServer, stopServer } from "@ssoenv/core/internal/sinks/serve/probe-server";
import { runCredentialsServer } from "@ssoenv/core/internal/sinks/serve/run-credentials-server";
import { listServerStates, serverStateDir } from "@ssoenv/core/internal/sinks/serve/server-state";
import { checkServePort } from "@ssoenv/core/internal/sinks/serve/start-credentials-server";
import { asRunnable } from "../as-runnable.js";
import { ensureSessionFor } from "../ensure-session-for.js";
import { type GitFileState, gitFileStates } from "../git-file-states.js";
import { gitWarning } from "../git-warning.js";
import { isInteractive } from "../is-interactive.js";
import { profileEnvWarning } from "../profile-env-warning.js";
import { readableByOthers } from "../readable-by-others.js";
import { stoppedServerNote } from "../stopped-server-note.js";
import { colors, printInfo, printWarning, stderrColors } from "../ui.js";

interface ServeOptions {
  profile?: string[];
  envFile?: string[];
  port?: string;
  status?: boolean;
  stop?: boolean;
  json?: boolean;
  detached?: boolean;
  input?: boolean;
}

/** What `ssoenv serve` does (its declaration, with options and help: serve.ts). */
export async function runServe(options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  if (options.json && !options.status) {
    throw new SsoenvError("INVALID_ARGUMENT", "--json only goes with --status", {
      hint: "ssoenv serve --status --json",
    });
  }
  // --status and --stop act on the running servers: a flag for starting one would be ignored
  // (`--stop --profile dev` stopped every server, not dev's).
  if (options.status && options.stop) {
    throw new SsoenvError("INVALID_ARGUMENT", "Give only one of --status and --stop", {
      hint: "ssoenv serve --status, then ssoenv serve --stop --port N",
    });
  }
  const action = options.status ? "--status" : options.stop ? "--stop" : undefined;
  const startFlag = options.profile?.length
    ? "--profile"
    : options.envFile?.length
      ? "--env-file"
      : undefined;
  if (action && startFlag) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `${startFlag} is for starting a server; ${action} takes only --port`,
      {
        hint: `ssoenv serve --status (lists each server's port and profiles), then ssoenv serve ${action} --port N`,
      },
    );
  }
  if (options.status) return showStatus(Boolean(options.json), port);
  if (options.stop) return stopServers(port);
  await serve(options, port);
}

async function serve(options: ServeOptions, port: number | undefined): Promise<void> {
  const project = options.detached ? undefined : await loadProjectConfig({ env: process.env });
  const profiles = options.profile?.length
    ? [...new Set(options.profile)]
    : [resolveProfileName({ profile: project?.profile })];
  const token = options.detached ? process.env[SERVE_TOKEN_ENV] : undefined;
  delete process.env[SERVE_TOKEN_ENV];
  // Core's errors in it (a failed renewal's fix) with ssoenv's flags, as printError writes them.
  const log = (line: string) =>
    process.stderr.write(`${new Date().toISOString()} ssoenv serve: ${asRunnable(line)}\n`);

  // A profile that is not there (or not SSO) is a usage error now, not a 500 on every request later;
  // so is a file no write could succeed on (its folder missing...), before a login and a server.
  for (const profile of profiles) refuseMfaRole(await loadSsoProfile({ profile }));
  for (const path of options.envFile ?? []) await checkEnvFileTarget({ path });
  // A port taken is said before a login too, not once the user has signed in.
  if (port !== undefined) {
    await checkServePort({ port }).catch(async (error: unknown) => {
      throw await withPortOwner(error, port);
    });
  }

  // In a terminal, log in first if needed; elsewhere serve anyway and answer "log in" until someone does.
  const sessions: Session[] = [];
  if (!options.detached && isInteractive(options)) {
    for (const profile of profiles)
      sessions.push(await ensureSessionFor({ profile, project: project ?? null }));
  }

  // As refresh says it: the token in a file git would commit goes with the next `git add -A`.
  // (A background server's files are refresh's, which says so itself.)
  const envFilePaths = (options.envFile ?? []).map((path) => resolve(path));
  const gitStates = options.detached ? new Map<string, GitFileState>() : await gitFileStates(envFilePaths);

  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  process.once("SIGHUP", stop);
  try {
    await runCredentialsServer({
      profiles,
      ...(port !== undefined ? { port } : {}),
      ...(token ? { token } : {}),
      sessions,
      envFiles: envFilePaths,
      background: Boolean(options.detached),
      signal: controller.signal,
      log,
      onReady(server, files) {
        // Whoever reads the token can fetch the keys: said before the "serving" line. So is an
        // AWS_PROFILE beside the endpoint, which the JS SDK would use instead (as refresh says).
        for (const [index, path] of (options.envFile ?? []).entries()) {
          const exposed = readableByOthers(path);
          if (exposed) printWarning(exposed);
          const absolute = envFilePaths[index] as string;
          const inGit = gitWarning(absolute, gitStates.get(absolute));
          if (inGit) printWarning(`${inGit.problem}: ${inGit.fix}`);
          const file = files[index];
          const profile =
            file && profileEnvWarning({ path: file.path, profile: file.awsProfile, what: "endpoint" });
          if (profile) printWarning(profile);
        }
        const served = profiles.map((profile) => `${profile} at ${server.urlFor(profile)}`);
        log(`serving ${served.join(", ")} (pid ${process.pid})`);
        for (const path of options.envFile ?? [])
          log(`${path} points at ${server.urlFor(profiles[0] as string)}`);
        if (!options.detached && !options.envFile?.length) {
          // The token is not printed (it is a secret): say where a client gets it.
          printInfo(
            `Clients need AWS_CONTAINER_CREDENTIALS_FULL_URI=${server.urlFor(profiles[0] as string)} and AWS_CONTAINER_AUTHORIZATION_TOKEN: --env-file F writes both into F; the token is in ${join(serverStateDir(), `${server.port}.json`)} (0600).`,
          );
        }
        if (!options.detached) printInfo(stderrColors.dim("Stop with Ctrl-C (or ssoenv serve --stop)."));
      },
    });
  } catch (error) {
    throw port === undefined ? error : await withPortOwner(error, port);
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    process.off("SIGHUP", stop);
  }
  // As --stop and logout say it: the endpoint in its files answers nothing until a server runs again.
  const envFiles = options.envFile ?? [];
  log(
    `stopped, ${stoppedServerNote({ profiles, background: Boolean(options.detached), envFiles }, { afterLogin: false })}`,
  );
}

/** PORT_IN_USE naming the ssoenv serve that holds the port, when one does; any other error as it is. */
async function withPortOwner(error: unknown, port: number): Promise<unknown> {
  if (!isSsoenvError(error, "PORT_IN_USE")) return error;
  const owner = (await listServerStates()).find((state) => state.port === port);
  if (!owner) return error;
  return new SsoenvError(
    "PORT_IN_USE",
    `an ssoenv serve already runs on port ${port} (pid ${owner.pid}, profiles ${owner.profiles.join(", ")})`,
    { hint: `stop it with ssoenv serve --stop --port ${port}, or pick another --port` },
  );
}

async function showStatus(json: boolean, port: number | undefined): Promise<void> {
  const states = (await listServerStates()).filter((state) => port === undefined || state.port === port);
  const running = [];
  for (const state of states) {
    const status = await probeServer(state);
    running.push({ ...state, answering: status?.pid === state.pid });
  }
  if (json) {
    const shown = running.map(({ token: _token, ...rest }) => rest);
    process.stdout.write(`${JSON.stringify({ servers: shown }, null, 2)}\n`);
  } else if (running.length === 0) {
    process.stdout.write("no ssoenv serve is running\n");
  } else {
    for (const server of running) {
      process.stdout.write(
        `${server.answering ? colors.green("✔") : colors.yellow("?")} ${server.url}  pid ${server.pid}  ${server.profiles.join(", ")}${server.background ? colors.dim("  (background)") : ""}${server.answering ? "" : colors.yellow("  not answering")}\n`,
      );
    }
  }
  if (!running.some((server) => server.answering)) process.exitCode = 1;
}

async function stopServers(port: number | undefined): Promise<void> {
  const states = (await listServerStates()).filter((state) => port === undefined || state.port === port);
  if (states.length === 0) {
    process.stdout.write(
      port === undefined ? "no ssoenv serve is running\n" : `no ssoenv serve runs on port ${port}\n`,
    );
    return;
  }
  for (const state of states) {
    const result = await stopServer(state);
    // Its .env files still name the endpoint, which now answers nothing: say what brings it back.
    if (result === "stopped") {
      process.stdout.write(
        `stopped ${state.url} (pid ${state.pid}), ${stoppedServerNote(state, { afterLogin: false })}\n`,
      );
    } else {
      printWarning(
        result === "still-running"
          ? `${state.url} (pid ${state.pid}) was sent SIGTERM but is still running after 5 s; kill ${state.pid} if it does not stop`
          : `${state.url} (pid ${state.pid}) did not answer as recorded; not signalled`,
      );
      process.exitCode = 1;
    }
  }
}

function parsePort(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port < 1 || port > 65535) {
    throw new SsoenvError("INVALID_ARGUMENT", `--port ${value} is not a TCP port`, {
      hint: "use a number from 1 to 65535, or leave --port out for a free one",
    });
  }
  return port;
}

/**
 * A role chain with mfa_serial needs a code typed at each renewal of its credentials (an hour at
 * most): a server would answer with an error from then on (botocore refuses such a refresh too).
 */
function refuseMfaRole(profile: SsoProfile): void {
  const hop = profile.roleChain?.hops.find((h) => h.mfaSerial !== undefined);
  if (!hop || !profile.roleChain) return;
  throw new SsoenvError(
    "MFA_CODE_REQUIRED",
    `ssoenv serve cannot serve profile "${profile.roleChain.profile}": its role wants an MFA code (mfa_serial = ${hop.mfaSerial} of ${hop.header} in ${profile.roleChain.configPath}) each time its credentials are renewed, and a server has no one to type it`,
    {
      hint: `use ssoenv exec --profile ${profile.roleChain.profile} -- <command> in a terminal (it asks for the code), or serve a profile whose role needs no MFA`,
    },
  );
}
