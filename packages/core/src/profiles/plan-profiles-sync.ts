import { profileHeader } from "../config/profile-header.js";
import { SsoenvError } from "../errors.js";
import {
  assertOnlyGeneratedSections,
  findGeneratedBlocks,
  type GeneratedProfile,
  renderGeneratedBlock,
  renderProfile,
} from "./generated-block.js";
import { handWrittenProfiles } from "./hand-written-profiles.js";
import type { AccountRole } from "./list-account-roles.js";
import { type NameTemplate, renderProfileName } from "./profile-name-template.js";

/** What a sync does to one sso-session's block. */
export interface ProfilesSyncPlan {
  /** The whole config file's new text (the same string when nothing changes). */
  text: string;
  /** Profiles of the new block, in file order. */
  profiles: GeneratedProfile[];
  /** Names of profiles new in the block. */
  added: string[];
  /** Names of listed profiles whose lines did not change (lost ones are counted in `lost` only). */
  unchanged: string[];
  /** Names of profiles rewritten (renamed, or a new region or account name). */
  updated: string[];
  /** Generated profiles whose account or role is no longer listed (kept unless prune). */
  lost: GeneratedProfile[];
  /** Of `lost`, those removed (prune). */
  removed: GeneratedProfile[];
  /** Listed roles left out because a hand-written profile already has them: "account/role -> profile". */
  handWritten: string[];
  /** Generated profiles taken out of the block because a hand-written profile now has their role. */
  replacedByHand: GeneratedProfile[];
  /** Profiles given a new name (the account was renamed, or another template). */
  renamed: { from: string; to: string }[];
  /**
   * Hand-written profiles whose `source_profile` names a generated profile this sync renames or removes;
   * `now` is the name that account and role has after it (null: none).
   */
  brokenSourceProfiles: { profile: string; sourceProfile: string; now: string | null }[];
  /** The sso-session of the block this one took over (see `adopt`), if it did. */
  adoptedFrom?: string;
}

/**
 * Computes the new text of a config file for one sso-session: the listed account x role pairs as
 * generated profiles in the sso-session's block; every byte outside the block unchanged. Pure (no I/O),
 * so that the same inputs always give the same bytes.
 *
 * Names: the template's name for each pair (see `renderProfileName`). A profile already in the block
 * keeps its name while the template still gives it. With the default template a clash (two pairs with
 * one name, or a name a hand-written profile or another block has) is broken by appending `-<account id>`
 * (then `-2`, `-3`... in role order, for two roles of one account that differ only in replaced
 * characters); a template the user chose must not clash.
 *
 * @throws SsoenvError `CONFIG_INVALID` (a broken block, or one holding a section ssoenv did not write;
 *   a name taken that cannot be freed),
 *   or the template's code (`INVALID_ARGUMENT` / `CONFIG_INVALID`) when it makes two profiles share a name.
 */
export function planProfilesSync(options: {
  text: string;
  configPath: string;
  ssoSession: { name: string; startUrl: string };
  listing: readonly AccountRole[];
  template: NameTemplate;
  templateErrorCode: "INVALID_ARGUMENT" | "CONFIG_INVALID";
  /**
   * `region` for every generated profile, recorded in the block; without it each keeps the region it had
   * and new ones get the region the block records.
   */
  region?: string | undefined;
  prune: boolean;
  /**
   * An sso-session the file no longer has (renamed): when this one has no block, the block of that one
   * becomes this one's, with its names, settings and the lines added to its profiles.
   */
  adopt?: string | undefined;
}): ProfilesSyncPlan {
  const { text, ssoSession } = options;
  const blocks = findGeneratedBlocks({ text, configPath: options.configPath });
  // The renamed one's block only if it holds a role of this listing: not another organisation's accounts.
  const heirloom = blocks.find((b) => b.ssoSession === options.adopt);
  const listedKeysAll = new Set(options.listing.map((p) => key(p.accountId, p.roleName)));
  const ours =
    blocks.find((b) => b.ssoSession === ssoSession.name) ??
    (heirloom?.profiles.some((p) => listedKeysAll.has(key(p.accountId, p.roleName))) ? heirloom : undefined);
  if (ours) assertOnlyGeneratedSections(ours, options.configPath);
  const handWritten = handWrittenProfiles({ text, blocks });

  // Names nobody else may get: hand-written profiles and other sso-sessions' blocks.
  const taken = new Map<string, string>();
  for (const p of handWritten) taken.set(p.name, `${profileHeader(p.name, text)} in ${options.configPath}`);
  for (const b of blocks) {
    if (b === ours) continue;
    for (const p of b.profiles) taken.set(p.name, `the generated block of sso-session ${b.ssoSession}`);
  }
  const ownedByHand = new Map<string, string>();
  for (const p of handWritten) {
    const v = p.values;
    const sameSession =
      v.sso_session === ssoSession.name ||
      (!v.sso_session && sameStartUrl(v.sso_start_url ?? "", ssoSession.startUrl));
    if (sameSession && v.sso_account_id && v.sso_role_name) {
      ownedByHand.set(key(v.sso_account_id, v.sso_role_name), p.name);
    }
  }

  const previous = new Map((ours?.profiles ?? []).map((p) => [key(p.accountId, p.roleName), p]));
  const listed = dedupe(options.listing).filter((pair) => {
    return !ownedByHand.has(key(pair.accountId, pair.roleName));
  });
  const listedKeys = new Set(listed.map((p) => key(p.accountId, p.roleName)));
  const lost = (ours?.profiles ?? []).filter(
    (p) => !listedKeys.has(key(p.accountId, p.roleName)) && !ownedByHand.has(key(p.accountId, p.roleName)),
  );
  const kept = options.prune ? [] : lost;

  const assigned = new Map<string, string>(); // name -> pair key
  for (const p of kept) assigned.set(p.name, key(p.accountId, p.roleName));
  const names = new Map<string, string>(); // pair key -> name
  const candidate = (pair: AccountRole) =>
    renderProfileName(options.template, {
      // Names come as the file's latin1 (UTF-8 bytes one char each); the name's rules need the letters.
      account_name: Buffer.from(pair.accountName, "latin1").toString("utf8"),
      account_id: pair.accountId,
      role_name: pair.roleName,
      sso_session: ssoSession.name,
    });
  const free = (name: string) => name !== "" && !taken.has(name) && !assigned.has(name);

  // 1. A profile already generated keeps its name while the template still gives it.
  for (const pair of listed) {
    const before = previous.get(key(pair.accountId, pair.roleName));
    if (!before) continue;
    const base = candidate(pair);
    const fits =
      before.name === base ||
      (options.template.isDefault &&
        (before.name === `${base}-${pair.accountId}` ||
          before.name.startsWith(`${base}-${pair.accountId}-`)));
    if (fits && free(before.name)) {
      assigned.set(before.name, key(pair.accountId, pair.roleName));
      names.set(key(pair.accountId, pair.roleName), before.name);
    }
  }
  // 2. The others get the template's name, or (default template) a clash-free one.
  const groups = new Map<string, AccountRole[]>();
  for (const pair of listed) {
    if (names.has(key(pair.accountId, pair.roleName))) continue;
    const base = candidate(pair);
    groups.set(base, [...(groups.get(base) ?? []), pair]);
  }
  for (const [base, members] of [...groups].sort(([a], [b]) => compare(a, b))) {
    if (base === "") {
      throw new SsoenvError(
        options.templateErrorCode,
        `${options.template.named} gives an empty profile name for account ${members[0]?.accountId} role ${members[0]?.roleName}`,
        { hint: "include {account_id} or {role_name} in the template" },
      );
    }
    if (members.length === 1 && free(base)) {
      const only = members[0] as AccountRole;
      assigned.set(base, key(only.accountId, only.roleName));
      names.set(key(only.accountId, only.roleName), base);
      continue;
    }
    if (!options.template.isDefault) throw clash(options, base, members, taken, assigned, previous);
    const sorted = [...members].sort(
      (a, b) => compare(a.accountId, b.accountId) || compare(a.roleName, b.roleName),
    );
    for (const pair of sorted) {
      let name = `${base}-${pair.accountId}`;
      for (let n = 2; !free(name); n++) name = `${base}-${pair.accountId}-${n}`;
      assigned.set(name, key(pair.accountId, pair.roleName));
      names.set(key(pair.accountId, pair.roleName), name);
    }
  }

  const generated: GeneratedProfile[] = listed.map((pair) => {
    const before = previous.get(key(pair.accountId, pair.roleName));
    // A new profile gets the region the block records (the last --region); the others keep theirs.
    const region = options.region ?? (before ? before.region : ours?.settings.region);
    return {
      name: names.get(key(pair.accountId, pair.roleName)) as string,
      accountId: pair.accountId,
      roleName: pair.roleName,
      accountName: pair.accountName,
      ...(region ? { region } : {}),
      ...(before?.otherLines ? { otherLines: before.otherLines } : {}),
    };
  });
  const profiles = [...generated, ...kept].sort(
    (a, b) =>
      compare(a.accountName, b.accountName) ||
      compare(a.accountId, b.accountId) ||
      compare(a.roleName, b.roleName),
  );

  const added: string[] = [];
  const unchanged: string[] = [];
  const updated: string[] = [];
  for (const p of generated) {
    const before = previous.get(key(p.accountId, p.roleName));
    if (!before) added.push(p.name);
    else if (
      renderProfile(ours?.ssoSession ?? ssoSession.name, before).join("\n") ===
      renderProfile(ssoSession.name, p).join("\n")
    )
      unchanged.push(p.name);
    else updated.push(p.name);
  }

  const renamed: { from: string; to: string }[] = [];
  for (const p of generated) {
    const before = previous.get(key(p.accountId, p.roleName));
    if (before && before.name !== p.name) renamed.push({ from: before.name, to: p.name });
  }
  const namesAfter = new Set([...profiles.map((p) => p.name), ...handWritten.map((p) => p.name)]);
  const nameAfter = (p: GeneratedProfile) =>
    names.get(key(p.accountId, p.roleName)) ?? ownedByHand.get(key(p.accountId, p.roleName)) ?? null;
  const brokenSourceProfiles = handWritten.flatMap((p) => {
    const gone = (ours?.profiles ?? []).find((g) => g.name === p.values.source_profile);
    if (!gone || namesAfter.has(gone.name)) return [];
    return [{ profile: p.name, sourceProfile: gone.name, now: nameAfter(gone) }];
  });

  let next = text;
  if (ours || profiles.length > 0) {
    const eol = /\r\n/.test(text) ? "\r\n" : "\n";
    const settings = {
      ...(options.template.isDefault ? {} : { nameTemplate: options.template.template }),
      ...((options.region ?? ours?.settings.region)
        ? { region: options.region ?? ours?.settings.region }
        : {}),
    };
    const block = renderGeneratedBlock({ ssoSession: ssoSession.name, profiles, settings, eol });
    if (ours) {
      // Keys of the section above that `aws configure set` wrote under the BEGIN line go back above it.
      const leading = ours.leadingLines.map((line) => `${line}${eol}`).join("");
      next = text.slice(0, ours.start) + leading + block + text.slice(ours.end);
    } else {
      // Appended after a blank line; the separator is then outside the block and stays as it is.
      let prefix = text;
      if (prefix !== "" && !prefix.endsWith("\n")) prefix += eol;
      if (prefix !== "" && !/\n[ \t]*\r?\n$/.test(`\n${prefix}`)) prefix += eol;
      next = prefix + block;
    }
  }
  return {
    text: next,
    profiles,
    added,
    unchanged,
    updated,
    lost,
    removed: options.prune ? lost : [],
    renamed,
    brokenSourceProfiles,
    ...(ours && ours.ssoSession !== ssoSession.name ? { adoptedFrom: ours.ssoSession } : {}),
    replacedByHand: (ours?.profiles ?? []).filter((p) => ownedByHand.has(key(p.accountId, p.roleName))),
    handWritten: dedupe(options.listing)
      .filter((pair) => ownedByHand.has(key(pair.accountId, pair.roleName)))
      .map(
        (pair) =>
          `${pair.accountId}/${pair.roleName} -> ${ownedByHand.get(key(pair.accountId, pair.roleName))}`,
      ),
  };
}

function clash(
  options: {
    template: NameTemplate;
    templateErrorCode: "INVALID_ARGUMENT" | "CONFIG_INVALID";
    configPath: string;
  },
  name: string,
  members: AccountRole[],
  taken: Map<string, string>,
  assigned: Map<string, string>,
  previous: Map<string, GeneratedProfile>,
): SsoenvError {
  const [a, b] = members;
  const what =
    members.length > 1 && a && b
      ? `account ${a.accountId} role ${a.roleName} and account ${b.accountId} role ${b.roleName}`
      : `account ${a?.accountId} role ${a?.roleName} and ${taken.get(name) ?? describeAssigned(assigned.get(name), previous)}`;
  return new SsoenvError(
    options.templateErrorCode,
    `${options.template.named} gives two profiles the name "${name}" (${what})`,
    {
      hint: "add a placeholder that tells them apart, e.g. {account_id} or {role_name}, or leave the template out to use the default (which breaks clashes)",
    },
  );
}

function describeAssigned(pairKey: string | undefined, previous: Map<string, GeneratedProfile>): string {
  const p = pairKey ? previous.get(pairKey) : undefined;
  return p
    ? `the generated profile of account ${p.accountId} role ${p.roleName}`
    : "another generated profile";
}

function key(accountId: string, roleName: string): string {
  return `${accountId}/${roleName}`;
}

function dedupe(listing: readonly AccountRole[]): AccountRole[] {
  const seen = new Map<string, AccountRole>();
  for (const pair of listing) seen.set(key(pair.accountId, pair.roleName), pair);
  return [...seen.values()];
}

/** Locale-independent order, so that every machine writes the same bytes. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sameStartUrl(a: string, b: string): boolean {
  const norm = (u: string) => u.replace(/#.*$/, "").replace(/\/+$/, "");
  return a !== "" && norm(a) === norm(b);
}
