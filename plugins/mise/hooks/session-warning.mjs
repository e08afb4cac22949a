#!/usr/bin/env node
/**
 * Prints one quiet line on stderr when the AWS SSO session of this project's profiles ends within
 * `--within` (default 1h) or has ended (or there is none), and nothing otherwise. Only sessions
 * without a usable refresh token have a known end in the token cache (see `warnings`).
 *
 * Run by hooks/session-warning from a mise `enter` hook, so it must be fast and must never break the
 * shell: it reads only the config and the SSO token cache (no network), and any error ends silently
 * with status 0.
 *
 * Usage: node session-warning.mjs [--within 1h] [--profile P]...
 * Profiles, first found: --profile flags; the `profile` and `env_files[].profile` of the ssoenv.toml
 * found upward from the working folder; SSOENV_PROFILE / AWS_PROFILE / "default" (as ssoenv resolves them).
 */
import module from "node:module";
import { parseArgs } from "node:util";

// Node >= 22.1 can cache compiled code between runs (a no-op on Node 20): this runs on every `cd`
// into the project, so start-up time matters. Hence the dynamic import after enabling it.
module.enableCompileCache?.();

const DEFAULT_WITHIN_MS = 60 * 60 * 1000;

let core;
try {
  core = await import("@ssoenv/core");
} catch {
  process.exit(0); // not installed next to this file: nothing to say in a shell hook
}
const { getCachedSessionStatus, loadProjectConfig } = core;

try {
  const { values } = parseArgs({
    options: {
      within: { type: "string" },
      profile: { type: "string", multiple: true },
    },
    strict: false,
  });
  const withinMs = values.within ? parseWithin(String(values.within)) : DEFAULT_WITHIN_MS;
  const profiles = values.profile?.length ? values.profile.map(String) : await projectProfiles();
  const lines = await warnings({ profiles, withinMs, now: Date.now() });
  for (const line of lines) process.stderr.write(`${paint(line)}\n`);
} catch {
  // A shell hook stays quiet on errors: `mise run aws:doctor` explains config problems.
}

/** One warning per SSO session (profiles sharing a session share one line). */
async function warnings({ profiles, withinMs, now }) {
  const byExpiry = new Map();
  for (const profile of profiles) {
    let status;
    try {
      status = await getCachedSessionStatus({ profile, env: process.env });
    } catch {
      continue; // unknown profile or unreadable config: not this hook's business
    }
    const expiresAtMs = status.ssoExpiresAt ? status.ssoExpiresAt.getTime() : undefined;
    // With a refresh token the cached expiry is only the access token's (1 h on AWS today): ssoenv
    // renews it without a login until the sign-in session ends, and that end is not in the cache.
    // Warning on it would cry wolf at every `cd`, so only non-refreshable sessions are judged.
    if (expiresAtMs !== undefined && status.hasRefreshToken) continue;
    const leftMs = expiresAtMs === undefined ? 0 : expiresAtMs - now;
    if (leftMs > withinMs) continue;
    const key = String(expiresAtMs);
    const entry = byExpiry.get(key) ?? { expiresAtMs, leftMs, profiles: [] };
    entry.profiles.push(status.profile ?? profile);
    byExpiry.set(key, entry);
  }
  return [...byExpiry.values()].map(({ expiresAtMs, leftMs, profiles: names }) => {
    const who = `${names.length > 1 ? "profiles" : "profile"} ${names.join(", ")}`;
    if (expiresAtMs === undefined) return `ssoenv: no AWS SSO session for ${who}. Run: mise run aws:login`;
    if (leftMs <= 0) return `ssoenv: the AWS SSO session for ${who} has expired. Run: mise run aws:login`;
    return `ssoenv: the AWS SSO session for ${who} ends in ${formatLeft(leftMs)} (at ${clock(expiresAtMs)}). Run: mise run aws:login`;
  });
}

/**
 * The profiles `ssoenv refresh` would use here: ssoenv.toml's default and each env file's, else
 * [undefined], which lets core resolve SSOENV_PROFILE / AWS_PROFILE / "default".
 */
async function projectProfiles() {
  const project = await loadProjectConfig({ cwd: process.cwd() }).catch(() => undefined);
  if (!project) return [undefined];
  const names = [project.profile, ...project.envFiles.map((file) => file.profile ?? project.profile)];
  return [...new Set(names)];
}

/** "1h", "90m", "30s" or milliseconds. */
function parseWithin(text) {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!match) return DEFAULT_WITHIN_MS;
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match[2] ?? "ms"];
  return Number(match[1]) * unit;
}

function formatLeft(ms) {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}

function clock(ms) {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, "0")}:${String(d.getMinutes()).padStart(2, "0")}`;
}

function paint(line) {
  const color = process.stderr.isTTY && !process.env.NO_COLOR;
  return color ? `\u001b[33m${line}\u001b[39m` : line;
}
