import { realpathSync } from "node:fs";
import { profileHeader } from "@ssoenv/core/internal/config/profile-header";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import type { GeneratedProfile } from "@ssoenv/core/internal/profiles/generated-block";
import { listProfiles } from "@ssoenv/core/internal/profiles/list-profiles";
import { DEFAULT_LISTING_CONCURRENCY } from "@ssoenv/core/internal/profiles/sync-defaults";
import {
  type SyncedSession,
  type SyncProfilesResult,
  syncProfiles,
} from "@ssoenv/core/internal/profiles/sync-profiles";
import type { SessionEvent } from "@ssoenv/core/internal/session/session-types";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import stringWidth from "string-width";
import { cancelOnSignal } from "../cancel-on-signal.js";
import { describeConfigFile, GET_PROFILES } from "../describe-config-file.js";
import { drawsOnTerminal } from "../draws-on-terminal.js";
import { isInteractive } from "../is-interactive.js";
import { plainProgressIntervalMs, startPlainProgress } from "../plain-progress.js";
import { createSessionFeedback } from "../session-feedback.js";
import { printWarning, stderrColors } from "../ui.js";

interface SyncOptions {
  ssoSession?: string;
  prune?: boolean;
  dryRun?: boolean;
  nameTemplate?: string;
  region?: string;
  concurrency?: string;
  json?: boolean;
  input?: boolean;
}

/** `ssoenv profiles sync`'s work (its declaration: profiles.ts). */
export async function runProfilesSync(options: SyncOptions): Promise<void> {
  const concurrency = options.concurrency === undefined ? undefined : Number(options.concurrency);
  if (concurrency !== undefined && !(Number.isInteger(concurrency) && concurrency >= 1)) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `--concurrency "${options.concurrency}" is not a whole number >= 1`,
      {
        hint: `leave it out for the default (${DEFAULT_LISTING_CONCURRENCY})`,
      },
    );
  }
  const feedback = createSessionFeedback({ cancelsOnSignal: true });
  const progress = createProgressLine();
  const cancellation = cancelOnSignal();
  let failure: unknown;
  try {
    const result = await syncProfiles({
      ...(options.ssoSession !== undefined ? { ssoSession: options.ssoSession } : {}),
      prune: Boolean(options.prune),
      dryRun: Boolean(options.dryRun),
      ...(options.nameTemplate !== undefined ? { nameTemplate: options.nameTemplate } : {}),
      ...(options.region !== undefined ? { region: options.region } : {}),
      ...(concurrency !== undefined ? { concurrency } : {}),
      interactive: isInteractive(options),
      // --no-input asks for no login: the error then says so, not that a terminal is missing.
      ...(options.input === false ? { login: false as const } : {}),
      onPrompt: feedback.onPrompt,
      onEvent: (event: SessionEvent) => {
        if (event.type === "retrying") progress.retried();
        else feedback.onEvent(event);
      },
      onProgress: (p) => {
        feedback.stop();
        progress.update(p.ssoSession, p.accountsDone, p.accountsTotal, p.accountsListed);
      },
      signal: cancellation.signal,
    });
    progress.clear();
    const dryRun = Boolean(options.dryRun);
    for (const session of result.sessions) printBrokenChains(session, result.configPath, dryRun);
    for (const block of result.orphanedBlocks) printOrphanedBlock(block, result.configPath);
    if (options.json) {
      process.stdout.write(`${JSON.stringify(syncJson(result, dryRun), null, 2)}\n`);
      return;
    }
    if (dryRun) process.stdout.write(result.diff);
    for (const session of result.sessions) printSummary(session, result, dryRun);
  } catch (error) {
    failure = error;
    throw error;
  } finally {
    cancellation.dispose();
    progress.clear();
    feedback.stop(failure);
  }
}

/** `ssoenv profiles list`'s work (its declaration: profiles.ts). */
export async function runProfilesList(options: { json?: boolean }): Promise<void> {
  const { profiles: rows, configPath } = await listProfiles();
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stdout.write(`No profile in ${await describeConfigFile(configPath)}: ${GET_PROFILES}\n`);
    return;
  }
  const table = [
    ["PROFILE", "SSO-SESSION", "ACCOUNT", "ACCOUNT NAME", "ROLE", "BY"],
    ...rows.map((r) => [
      r.name,
      r.ssoSession ?? "-",
      r.accountId ?? "-",
      r.accountName ?? "-",
      r.roleName ?? "-",
      r.generated ? "sync" : "hand",
    ]),
  ];
  // Padded by the columns a terminal draws, not by string length: an account name in Japanese
  // (開発環境) takes two columns a character.
  const widths = table[0]?.map((_, i) => Math.max(...table.map((row) => stringWidth(row[i] ?? "")))) ?? [];
  for (const row of table) {
    process.stdout.write(
      `${row
        .map((cell, i) => cell + " ".repeat(Math.max(0, (widths[i] ?? 0) - stringWidth(cell))))
        .join("  ")
        .trimEnd()}\n`,
    );
  }
}

/** One line per sso-session: added, unchanged, lost access; then the lost profiles by name. */
function printSummary(
  session: SyncedSession,
  result: { configPath: string; written: boolean },
  dryRun: boolean,
) {
  const parts = [`${session.added.length} added`, `${session.unchanged.length} unchanged`];
  if (session.updated.length) parts.push(`${session.updated.length} updated`);
  const keptLost = session.lost.length - session.removed.length;
  parts.push(`${session.lost.length} lost access`);
  if (session.removed.length) parts.push(`${session.removed.length} removed`);
  if (session.replacedByHand.length)
    parts.push(`${session.replacedByHand.length} taken over by your own profiles`);
  if (session.handWritten.length) parts.push(`${session.handWritten.length} left to your own profiles`);
  const where = dryRun
    ? "dry run, nothing written"
    : result.written
      ? `written to ${result.configPath}`
      : "no change";
  process.stdout.write(`sso-session ${session.ssoSession}: ${parts.join(", ")} (${where})\n`);
  if (session.adoptedFrom !== undefined) {
    process.stdout.write(
      `  ${dryRun ? "would take" : "took"} over the generated block of sso-session ${session.adoptedFrom}, which ${result.configPath} no longer has (renamed?)\n`,
    );
  }
  // lost and removed are copies: compare by account and role, not by object.
  const removed = new Set(session.removed.map((p) => `${p.accountId}/${p.roleName}`));
  for (const p of session.lost) {
    const fate = removed.has(`${p.accountId}/${p.roleName}`)
      ? dryRun
        ? "would be removed"
        : "removed"
      : "kept";
    process.stdout.write(
      `  lost access: ${p.name} (account ${p.accountId} ${p.accountName}, role ${p.roleName}): ${fate}\n`,
    );
  }
  for (const { from, to } of session.renamed) {
    const p = session.profiles.find((q) => q.name === to);
    process.stdout.write(
      `  renamed: ${from} -> ${to}${p ? ` (account ${p.accountId} ${p.accountName})` : ""}\n`,
    );
  }
  for (const p of session.replacedByHand) {
    process.stdout.write(
      `  taken over: ${p.name} (account ${p.accountId} ${p.accountName}, role ${p.roleName}): ${dryRun ? "would be removed" : "removed"} from the block, your own profile has its role\n`,
    );
  }
  if (keptLost > 0) process.stdout.write(`  run with --prune to remove the ${keptLost} lost profile(s)\n`);
  // `aws --profile P` reads P's region (or AWS_REGION), never [default]'s: said once, when added.
  const added = new Set(session.added);
  const noRegion = session.profiles.filter((p) => added.has(p.name) && p.region === undefined).length;
  if (noRegion > 0) {
    process.stdout.write(
      `  the ${noRegion} added profile(s) have no region: \`aws --profile P\` then fails ("You must specify a region") unless AWS_REGION is set; give them one: ssoenv profiles sync --region <region>\n`,
    );
  }
}

/** A warning on stderr for each profile of yours whose source_profile the sync renamed or removed. */
function printBrokenChains(session: SyncedSession, configPath: string, dryRun: boolean) {
  for (const b of session.brokenSourceProfiles) {
    printWarning(
      `${profileHeader(b.profile)} in ${configPath} has source_profile = ${b.sourceProfile}, which ${
        b.now ? `is now ${b.now}` : dryRun ? "this sync would remove" : "this sync removed"
      }: update it`,
    );
  }
}

/** A warning for a block whose sso-session the file no longer has, with a command that deletes it. */
function printOrphanedBlock(block: { ssoSession: string; profiles: number }, configPath: string) {
  const markers = "ssoenv generated profiles: sso-session";
  // perl -i replaces a symlink with a file: the command names the file a linked config points to.
  const target = (() => {
    try {
      return realpathSync(configPath);
    } catch {
      return configPath;
    }
  })();
  // Every character but a word one backslashed: literal in a perl pattern, where \Q...\E would
  // still let / end the pattern and $ or @ interpolate a variable.
  const name = block.ssoSession.replace(/\W/gu, "\\$&");
  const script = `print unless /^# BEGIN ${markers} ${name} / .. /^# END ${markers} ${name}\\s*$/`;
  printWarning(
    `the generated block of sso-session ${block.ssoSession} in ${configPath} belongs to an sso-session the file no longer has: its ${block.profiles} profiles do not work. Add [sso-session ${block.ssoSession}] back, or delete the block: perl -ni -e ${shellWord(script)} ${shellWord(target)}`,
  );
}

/** The `--json` document: the result, profiles without the lines you added to them. */
function syncJson(result: SyncProfilesResult, dryRun: boolean) {
  const profile = (p: GeneratedProfile) => ({
    name: p.name,
    accountId: p.accountId,
    accountName: p.accountName,
    roleName: p.roleName,
    region: p.region ?? null,
  });
  return {
    configPath: result.configPath,
    dryRun,
    written: result.written,
    diff: dryRun ? result.diff : null,
    orphanedBlocks: result.orphanedBlocks,
    sessions: result.sessions.map((s) => ({
      ssoSession: s.ssoSession,
      profiles: s.profiles.map(profile),
      added: s.added,
      unchanged: s.unchanged,
      updated: s.updated,
      renamed: s.renamed,
      lost: s.lost.map(profile),
      removed: s.removed.map(profile),
      handWritten: s.handWritten,
      replacedByHand: s.replacedByHand.map(profile),
      brokenSourceProfiles: s.brokenSourceProfiles,
      adoptedFrom: s.adoptedFrom ?? null,
    })),
  };
}

/**
 * "accounts N/M" on stderr: in a terminal redrawn in place; without one (or in CI), a plain line every 10 s
 * (SSOENV_PROGRESS_INTERVAL) while the listing goes on (as terraform's "Still creating... [10s elapsed]"),
 * so a long sync of hundreds of accounts is not silence. A sync that ends sooner prints nothing.
 */
function createProgressLine() {
  // Read before the sync starts: a bad value stops it before it asks AWS anything.
  const plainIntervalMs = plainProgressIntervalMs();
  const tty = drawsOnTerminal();
  let shown = false;
  let retries = 0;
  let lastDrawAt = 0;
  let last = { session: "", done: 0, total: 0, listed: true };
  let stopPlainLines: (() => void) | undefined;
  const describe = (style: (text: string) => string) =>
    `sso-session ${last.session}: ${last.listed ? `accounts ${last.done}/${last.total}` : `listing accounts (${last.total} so far)`}${retries ? style(` (${retries} retried)`) : ""}`;
  const draw = () => {
    process.stderr.write(`\r\x1b[2K${describe(stderrColors.dim)}`);
    shown = true;
    lastDrawAt = performance.now();
  };
  return {
    update(session: string, done: number, total: number, listed: boolean) {
      last = { session, done, total, listed };
      if (!tty) {
        stopPlainLines ??= startPlainProgress(() => describe((text) => text), plainIntervalMs);
        return;
      }
      // At most ~20 redraws a second, and always the last one.
      if (done === total || done === 0 || performance.now() - lastDrawAt > 50) draw();
    },
    retried() {
      retries++;
    },
    clear() {
      stopPlainLines?.();
      stopPlainLines = undefined;
      if (shown) process.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
