import { SsoenvError } from "../errors.js";

/**
 * The generated profiles of one sso-session, between two marker lines in `~/.aws/config`:
 * ```ini
 * # BEGIN ssoenv generated profiles: sso-session corp (ssoenv profiles sync rewrites this block; edits here are lost)
 * # ssoenv name template: {account_id}.{role_name}
 * # ssoenv region: eu-west-1
 * [profile 100000000001.ReadOnlyAccess]
 * sso_session = corp
 * sso_account_id = 100000000001
 * sso_role_name = ReadOnlyAccess
 * ssoenv_account_name = svc-001 production
 * # END ssoenv generated profiles: sso-session corp
 * ```
 * Markers are comments to every INI reader (AWS CLI, SDKs); `ssoenv_account_name` is a key they ignore,
 * kept so that `ssoenv profiles list` can name the account offline and the order survives lost access.
 * The `# ssoenv ...:` lines record the name template and region a sync was given, for the next one.
 */
export interface GeneratedProfile {
  name: string;
  accountId: string;
  roleName: string;
  accountName: string;
  region?: string;
  /**
   * Lines you added to the profile, e.g. `output = json` from `aws configure set`: kept as they are,
   * after the keys ssoenv writes.
   */
  otherLines?: string[];
}

/** The keys ssoenv writes in a generated profile; any other line in it is the user's and is kept. */
const MANAGED_KEYS = new Set([
  "sso_session",
  "sso_account_id",
  "sso_role_name",
  "region",
  "ssoenv_account_name",
]);

/** A block found in a config file's text: where it is, and what it holds. */
export interface GeneratedBlock {
  ssoSession: string;
  /** Offset of the BEGIN line's first character. */
  start: number;
  /**
   * Offset just after the END line's line break (or the end of the text); past the keys that follow the END
   * line, if any: INI has no end of section, so `aws configure set K V --profile LAST` writes them there,
   * and they belong to the block's last profile.
   */
  end: number;
  profiles: GeneratedProfile[];
  /**
   * Key lines between the BEGIN line and the block's first profile (or in a block without profiles): they
   * belong to the section above the block (`aws configure set` writes them there), and go back above it;
   * so do the notes there that a blank line separates from the first profile.
   */
  leadingLines: string[];
  /** Sections inside the block that ssoenv did not write (no account and role, or not a profile). */
  foreignSections: { line: number; header: string }[];
  /** Where each of `profiles` starts (same order), and the sso_session it names, for assertOnlyGeneratedSections. */
  profileSections: { line: number; header: string; ssoSession?: string }[];
  settings: BlockSettings;
}

/** What the block records for the next sync: the name template and region it was last given. */
export interface BlockSettings {
  /** Absent: the default template. */
  nameTemplate?: string;
  /** The region of profiles the next sync adds. */
  region?: string;
}

const SETTING_LINES = { nameTemplate: "# ssoenv name template: ", region: "# ssoenv region: " } as const;

const BEGIN = /^# BEGIN ssoenv generated profiles: sso-session (\S+)/;
const END = /^# END ssoenv generated profiles: sso-session (\S+)/;

/** The BEGIN marker line of an sso-session's block (without its line break). */
export function beginMarker(ssoSession: string): string {
  return `# BEGIN ssoenv generated profiles: sso-session ${ssoSession} (ssoenv profiles sync rewrites this block; edits here are lost)`;
}

/** The END marker line of an sso-session's block (without its line break). */
export function endMarker(ssoSession: string): string {
  return `# END ssoenv generated profiles: sso-session ${ssoSession}`;
}

/**
 * Finds every generated block in the text of a config file.
 * @throws SsoenvError `CONFIG_INVALID` for a BEGIN without its END (or the other way round), nested
 *   blocks, or two blocks for one sso-session: the file was edited by hand and ssoenv will not guess.
 */
export function findGeneratedBlocks(options: { text: string; configPath: string }): GeneratedBlock[] {
  const blocks: (GeneratedBlock & { firstLine: number })[] = [];
  let open: { ssoSession: string; start: number; line: number } | undefined;
  let offset = 0;
  let lineNumber = 0;
  const invalid = (message: string) =>
    new SsoenvError("CONFIG_INVALID", `${options.configPath} line ${lineNumber}: ${message}`, {
      hint: `fix or delete the "# BEGIN/# END ssoenv generated profiles" lines in ${options.configPath}, then run ssoenv profiles sync again`,
    });
  // After an END line: the key lines that follow it still belong to the block's last profile.
  let after: { block: GeneratedBlock & { firstLine: number }; inner: string[]; lines: string[] } | undefined;
  const closeAfter = () => {
    if (after && after.lines.length > 0) {
      const absorbed = after.lines;
      Object.assign(after.block, parseProfiles([...after.inner, ...absorbed], after.block.firstLine));
      after.block.end += absorbed.reduce((n, l) => n + l.length, 0);
    }
    after = undefined;
  };
  for (const line of splitLines(options.text)) {
    lineNumber++;
    const content = line.replace(/\r?\n$/, "").trimEnd();
    const begin = BEGIN.exec(content);
    const end = END.exec(content);
    if (after) {
      // Only the key lines right after END (where aws configure set puts them); a blank line, a comment
      // or a section ends the run, and what follows stays outside, byte for byte.
      const trimmed = content.trim();
      if (trimmed === "" || /^[#;[]/.test(trimmed)) closeAfter();
      else after.lines.push(line);
    }
    if (begin?.[1]) {
      if (open)
        throw invalid(`a new generated block starts before the block of sso-session ${open.ssoSession} ends`);
      if (blocks.some((b) => b.ssoSession === begin[1])) {
        throw invalid(`a second generated block for sso-session ${begin[1]}`);
      }
      open = { ssoSession: begin[1], start: offset, line: lineNumber };
    } else if (end?.[1]) {
      if (!open || open.ssoSession !== end[1]) {
        throw invalid(`the end of a generated block for sso-session ${end[1]} that did not start`);
      }
      const inner = options.text.slice(open.start, offset).split(/\r?\n/).slice(1, -1);
      const block = {
        ssoSession: open.ssoSession,
        start: open.start,
        end: offset + line.length,
        firstLine: open.line + 1,
        ...parseProfiles(inner, open.line + 1),
      };
      blocks.push(block);
      after = { block, inner, lines: [] };
      open = undefined;
    }
    offset += line.length;
  }
  closeAfter();
  if (open) {
    lineNumber = open.line;
    throw invalid(`the generated block of sso-session ${open.ssoSession} has no END line`);
  }
  return blocks.map(({ firstLine: _, ...block }) => block);
}

/** The block's text, with the file's line break (`eol`) after every line. */
export function renderGeneratedBlock(options: {
  ssoSession: string;
  profiles: readonly GeneratedProfile[];
  settings: BlockSettings;
  eol: string;
}): string {
  const lines = [beginMarker(options.ssoSession)];
  for (const key of ["nameTemplate", "region"] as const) {
    const value = options.settings[key];
    if (value) lines.push(`${SETTING_LINES[key]}${oneLine(value)}`);
  }
  options.profiles.forEach((profile, i) => {
    if (i > 0) lines.push("");
    lines.push(...renderProfile(options.ssoSession, profile));
  });
  lines.push(endMarker(options.ssoSession));
  return lines.map((line) => `${line}${options.eol}`).join("");
}

/**
 * The lines of one generated profile. The default profile is `[default]`, as `aws configure` writes it:
 * given `[profile default]`, `aws configure set` adds a `[default]` at the end of the file, which the
 * AWS CLI then reads alone (the later of the two wins there; the SDKs take `[profile default]`).
 */
export function renderProfile(ssoSession: string, profile: GeneratedProfile): string[] {
  return [
    profile.name === "default" ? "[default]" : `[profile ${profile.name}]`,
    `sso_session = ${ssoSession}`,
    `sso_account_id = ${profile.accountId}`,
    `sso_role_name = ${profile.roleName}`,
    ...(profile.region ? [`region = ${profile.region}`] : []),
    `ssoenv_account_name = ${oneLine(profile.accountName)}`,
    ...(profile.otherLines ?? []),
  ];
}

/** Lines with their line breaks, so that joining them gives the text back byte for byte. */
export function splitLines(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/**
 * Throws when the block of a sso-session holds something a rewrite would delete or change without a
 * word: a section ssoenv did not write, a second profile for one account and role (one of the two
 * would go, with the lines added to it), or a profile whose sso_session was changed by hand (sync
 * would set it back).
 * @throws SsoenvError `CONFIG_INVALID` naming the first such section's line.
 */
export function assertOnlyGeneratedSections(block: GeneratedBlock, configPath: string): void {
  const [first] = block.foreignSections;
  if (!first) {
    assertNothingOverwritten(block, configPath);
    return;
  }
  throw new SsoenvError(
    "CONFIG_INVALID",
    `${configPath} line ${first.line}: ${first.header} is inside the generated block of sso-session ${block.ssoSession}, which profiles sync rewrites`,
    {
      hint: `move ${first.header} below the "${endMarker(block.ssoSession)}" line, then run ssoenv profiles sync again`,
    },
  );
}

/** The checks of assertOnlyGeneratedSections on the profiles themselves (see there). */
function assertNothingOverwritten(block: GeneratedBlock, configPath: string): void {
  const end = endMarker(block.ssoSession);
  const seen = new Map<string, { line: number; header: string }>();
  for (const [index, profile] of block.profiles.entries()) {
    const section = block.profileSections[index];
    if (!section) continue;
    const where = `${configPath} line ${section.line}: ${section.header}`;
    if (section.ssoSession !== undefined && section.ssoSession !== block.ssoSession) {
      throw new SsoenvError(
        "CONFIG_INVALID",
        `${where} has sso_session = ${section.ssoSession}, but it is in the generated block of sso-session ${block.ssoSession}, which profiles sync rewrites`,
        {
          hint: `to keep your change, move ${section.header} below the "${end}" line (it is then yours); else set sso_session = ${block.ssoSession} again`,
        },
      );
    }
    const pairKey = `${profile.accountId}/${profile.roleName}`;
    const other = seen.get(pairKey);
    if (other) {
      throw new SsoenvError(
        "CONFIG_INVALID",
        `${where} is a second profile for account ${profile.accountId} role ${profile.roleName} in the generated block of sso-session ${block.ssoSession} (the first: ${other.header}, line ${other.line}); profiles sync would keep only one`,
        {
          hint: `to keep ${section.header}, move it below the "${end}" line (it is then yours and sync generates no other profile for that role); else delete one of the two`,
        },
      );
    }
    seen.set(pairKey, section);
  }
}

/**
 * Profiles in a block's lines (the first at line `firstLine` of the file). A section without account or
 * role, or one that is not a profile, is not ours: it is returned in `foreignSections`.
 */
function parseProfiles(
  lines: string[],
  firstLine: number,
): Pick<GeneratedBlock, "profiles" | "foreignSections" | "profileSections" | "settings" | "leadingLines"> {
  const profiles: GeneratedProfile[] = [];
  const profileSections: GeneratedBlock["profileSections"] = [];
  const leadingLines: string[] = [];
  const settings: BlockSettings = {};
  const foreignSections: GeneratedBlock["foreignSections"] = [];
  let current: Record<string, string> | undefined;
  let otherLines: string[] = [];
  let name: string | undefined;
  let header = { line: 0, header: "" };
  // Comments not yet placed: they stay in their section, unless a header follows them with no blank
  // line between (a note right above a profile is about it); a rewrite keeps them either way.
  let comments: string[] = [];
  const flush = () => {
    if (name && current?.sso_account_id && current.sso_role_name) {
      profiles.push({
        name,
        accountId: current.sso_account_id,
        roleName: current.sso_role_name,
        accountName: current.ssoenv_account_name ?? "",
        ...(current.region ? { region: current.region } : {}),
        ...(otherLines.length ? { otherLines } : {}),
      });
      profileSections.push({
        ...header,
        ...(current.sso_session !== undefined ? { ssoSession: current.sso_session } : {}),
      });
    } else if (name) {
      foreignSections.push(header);
    }
  };
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    // Your lines are kept byte for byte (trailing spaces too: 'cli_pager = '), without their line break.
    const kept = raw.replace(/\r?\n$/, "");
    if (name === undefined && Object.values(SETTING_LINES).some((prefix) => line.startsWith(prefix))) {
      for (const key of ["nameTemplate", "region"] as const) {
        if (line.startsWith(SETTING_LINES[key])) settings[key] = line.slice(SETTING_LINES[key].length).trim();
      }
      continue;
    }
    if (/^\[.*\]$/.test(line)) {
      flush();
      header = { line: firstLine + index, header: line };
      const profileName = /^\[(?:profile\s+(.+?)|\s*(default))\s*\]$/.exec(line)?.slice(1).find(Boolean);
      // Another kind of section ([sso-session x], [services x]) is never ours.
      name = profileName ?? "";
      current = profileName ? {} : undefined;
      otherLines = comments;
      comments = [];
      if (!profileName) foreignSections.push(header);
      continue;
    }
    if (line === "") {
      // A blank line ends a note: the comments above it belong to the section they are in (above the
      // first profile: the block's, kept above the BEGIN line with the leading lines).
      if (current) otherLines.push(...comments.splice(0));
      else if (name === undefined) leadingLines.push(...comments.splice(0));
      continue;
    }
    if (line.startsWith("#") || line.startsWith(";")) {
      comments.push(kept);
      continue;
    }
    if (name === undefined) {
      leadingLines.push(...comments, kept);
      comments = [];
    }
    if (!current) continue;
    otherLines.push(...comments);
    comments = [];
    const eq = line.indexOf("=");
    const key = eq > 0 ? line.slice(0, eq).trim() : "";
    // An indented line belongs to a sub-section (`s3 =` then `  max_concurrent_requests = 20`).
    if (MANAGED_KEYS.has(key) && !/^\s/.test(raw)) current[key] = line.slice(eq + 1).trim();
    else otherLines.push(kept);
  }
  if (current) otherLines.push(...comments);
  else if (name === undefined) leadingLines.push(...comments);
  flush();
  return { profiles, profileSections, foreignSections, settings, leadingLines };
}

function oneLine(value: string): string {
  return value.replace(/[\r\n]+/g, " ");
}
