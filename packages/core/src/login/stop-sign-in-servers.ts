import { configFilePath } from "../config/aws-paths.js";
import { stopServer } from "../sinks/serve/probe-server.js";
import { listServerStates } from "../sinks/serve/server-state.js";

/** What logout did to one running `ssoenv serve`. */
export interface LogoutServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** The profiles it served. */
  profiles: string[];
  /**
   * `stopped` (SIGTERM, as `ssoenv serve --stop`); `serves-others`: left running, as it also serves
   * `otherProfiles`, of sign-ins still on (it hands out nothing of the ended one: it checks the token
   * cache on each request); `still-running`: sent SIGTERM but still running after 5 s; `not-ours`: its
   * port did not answer as its record says (another program, or a hung server), so nothing was signalled.
   */
  result: "stopped" | "serves-others" | "still-running" | "not-ours";
  /** With `serves-others`, the profiles of other sign-ins it serves; else empty. */
  otherProfiles: string[];
}

/**
 * Stops the running `ssoenv serve` processes of the sign-ins a logout ends: those serving only
 * profiles of them, or every one with `all`. A server that also serves a profile of another sign-in
 * keeps running (stopping it would cut that one off); a server reading another AWS config file, where
 * the names may be other profiles, is left alone (but with `all`: no sign-in is left for it).
 *
 * @param options.signIns one set of profile names per sign-in ended (role chains over it included).
 * @returns `bySignIn[i]`: the servers serving a profile of `signIns[i]` (each server once, under the first);
 *   `others`: with `all`, the servers serving none of them.
 */
export async function stopSignInServers(options: {
  signIns: readonly ReadonlySet<string>[];
  all: boolean;
  env: NodeJS.ProcessEnv;
}): Promise<{ bySignIn: LogoutServer[][]; others: LogoutServer[] }> {
  const configFile = configFilePath(options.env);
  const ended = new Set(options.signIns.flatMap((names) => [...names]));
  const bySignIn: LogoutServer[][] = options.signIns.map(() => []);
  const others: LogoutServer[] = [];
  for (const state of await listServerStates({ env: options.env })) {
    // A record from before configFile was recorded: the names are all there is to go by.
    if (!options.all && (state.configFile ?? configFile) !== configFile) continue;
    const index = options.signIns.findIndex((names) => state.profiles.some((name) => names.has(name)));
    if (index < 0 && !options.all) continue;
    const otherProfiles = options.all ? [] : state.profiles.filter((name) => !ended.has(name));
    const result = otherProfiles.length > 0 ? "serves-others" : await stopServer(state);
    const server: LogoutServer = {
      url: state.url,
      port: state.port,
      pid: state.pid,
      profiles: state.profiles,
      result,
      otherProfiles,
    };
    (bySignIn[index] ?? others).push(server);
  }
  return { bySignIn, others };
}
