import { configFilePath } from "../config/aws-paths.js";
import { loadConfigProfiles, type SsoProfile } from "../config/load-sso-profile.js";
import { stopServer } from "../sinks/serve/probe-server.js";
import { listServerStates, type ServerState } from "../sinks/serve/server-state.js";

/** What logout did to one running `ssoenv serve`. */
export interface LogoutServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** The profiles it served. */
  profiles: string[];
  /** Started in the background by `ssoenv refresh` (which starts it again), not in a terminal. */
  background: boolean;
  /** The .env files it pointed at its endpoint (absolute); absent when its record is older than that. */
  envFiles?: string[];
  /**
   * `stopped` (SIGTERM, as `ssoenv serve --stop`); `serves-others`: left running, as it also serves
   * `otherProfiles`, of sign-ins still on (it hands out nothing of the ended one: it checks the token
   * cache on each request); `other-sign-in`: left running, as it reads another AWS config file
   * (`configFile`) where its profiles of the ended names are another sign-in (`otherSignIns`; empty
   * when that file cannot be read now); `still-running`: sent SIGTERM but still running after 5 s;
   * `not-ours`: its port did not answer as its record says (another program, or a hung server), so
   * nothing was signalled.
   */
  result: "stopped" | "serves-others" | "other-sign-in" | "still-running" | "not-ours";
  /**
   * With `serves-others`, the profiles of other sign-ins it serves; with `other-sign-in`, its profiles
   * named as ended ones (of another sign-in there); else empty.
   */
  otherProfiles: string[];
  /** The AWS config file it reads, when not the one logout read. */
  configFile?: string;
  /** With `other-sign-in`, what its profiles of the ended names are on there: "sso-session NAME" or a start URL. */
  otherSignIns?: string[];
}

/** One sign-in a logout ends: its profiles (role chains over it included) and what names it. */
export interface EndedSignIn {
  profiles: ReadonlySet<string>;
  ssoSession?: string;
  startUrl: string;
}

/**
 * Stops the running `ssoenv serve` processes of the sign-ins a logout ends: those serving only
 * profiles of them, or every one with `all`. A server that also serves a profile of another sign-in
 * keeps running (stopping it would cut that one off). A server reading another AWS config file is
 * judged by what that file says its profiles are on: the same sso-session (or legacy start URL) is the
 * same sign-in, whose token is gone; another is another sign-in, left running and reported when its
 * profile names are the ended ones (the user may take it for theirs).
 *
 * @returns `bySignIn[i]`: the servers serving a profile of `signIns[i]` (each server once, under the first);
 *   `others`: with `all`, the servers serving none of them.
 */
export async function stopSignInServers(options: {
  signIns: readonly EndedSignIn[];
  all: boolean;
  env: NodeJS.ProcessEnv;
}): Promise<{ bySignIn: LogoutServer[][]; others: LogoutServer[] }> {
  const configFile = configFilePath(options.env);
  const ended = new Set(options.signIns.flatMap((signIn) => [...signIn.profiles]));
  const bySignIn: LogoutServer[][] = options.signIns.map(() => []);
  const others: LogoutServer[] = [];
  for (const state of await listServerStates({ env: options.env })) {
    // A record from before configFile was recorded: the names are all there is to go by.
    const foreign = !options.all && (state.configFile ?? configFile) !== configFile;
    const served = foreign
      ? await signInsInOtherConfig(state, options.signIns, options.env)
      : sameConfigSignIns(state, options.signIns);
    const index = served.indexes.findIndex((i) => i >= 0);
    const base = {
      url: state.url,
      port: state.port,
      pid: state.pid,
      profiles: state.profiles,
      background: state.background,
      ...(state.envFiles ? { envFiles: state.envFiles } : {}),
      ...(foreign ? { configFile: state.configFile as string } : {}),
    };
    if (index < 0 && !options.all) {
      // Another config's server of another sign-in, under a name the user just logged out: say so,
      // under the sign-in of that name.
      const sameNames = state.profiles.filter((name) => ended.has(name));
      const named = options.signIns.findIndex((signIn) =>
        sameNames.some((name) => signIn.profiles.has(name)),
      );
      if (foreign && named >= 0) {
        (bySignIn[named] as LogoutServer[]).push({
          ...base,
          result: "other-sign-in",
          otherProfiles: sameNames,
          otherSignIns: served.describe(sameNames),
        });
      }
      continue;
    }
    const otherProfiles = options.all
      ? []
      : state.profiles.filter((_name, i) => (served.indexes[i] ?? -1) < 0);
    const result = otherProfiles.length > 0 ? "serves-others" : await stopServer(state);
    (bySignIn[index] ?? others).push({ ...base, result, otherProfiles });
  }
  return { bySignIn, others };
}

/** For each profile the server serves, the index of the ended sign-in it is on (-1: none). */
interface ServedSignIns {
  indexes: number[];
  /** What these profiles are on in the server's config, for the report. */
  describe: (names: string[]) => string[];
}

function sameConfigSignIns(state: ServerState, signIns: readonly EndedSignIn[]): ServedSignIns {
  return {
    indexes: state.profiles.map((name) => signIns.findIndex((signIn) => signIn.profiles.has(name))),
    describe: () => [],
  };
}

/** The server's profiles as its own config file defines them; none known when it cannot be read. */
async function signInsInOtherConfig(
  state: ServerState,
  signIns: readonly EndedSignIn[],
  env: NodeJS.ProcessEnv,
): Promise<ServedSignIns> {
  const entries = await loadConfigProfiles({ env: { ...env, AWS_CONFIG_FILE: state.configFile } }).catch(
    () => [],
  );
  const profiles = new Map(
    entries.flatMap((entry) => ("profile" in entry ? [[entry.name, entry.profile] as const] : [])),
  );
  const indexOf = (profile: SsoProfile | undefined) =>
    profile === undefined
      ? -1
      : signIns.findIndex((signIn) =>
          signIn.ssoSession !== undefined
            ? profile.ssoSession === signIn.ssoSession
            : profile.ssoSession === undefined && profile.startUrl === signIn.startUrl,
        );
  return {
    indexes: state.profiles.map((name) => indexOf(profiles.get(name))),
    describe: (names) => [
      ...new Set(
        names.flatMap((name) => {
          const profile = profiles.get(name);
          if (!profile) return [];
          return [profile.ssoSession !== undefined ? `sso-session ${profile.ssoSession}` : profile.startUrl];
        }),
      ),
    ],
  };
}
