import type { GeneratedBlock } from "./generated-block.js";
import { splitLines } from "./generated-block.js";

/** A profile written outside every generated block, with its keys as the SDK reads them. */
export interface HandWrittenProfile {
  name: string;
  /** Offset of its first section header in the text. */
  offset: number;
  values: Record<string, string>;
}

/**
 * The profiles of a config file's text outside its generated blocks, read with the JS SDK's rules
 * (`@smithy/shared-ini-file-loader`): `[default]` or `[profile NAME]`, `key = value`, and `#` or `;` at a
 * line's start or after a space starts a comment; key names in lower case, as the AWS CLI and
 * loadSsoProfile read them (`SSO_Account_Id` is `sso_account_id`). A profile defined twice gets both
 * sections' keys.
 */
export function handWrittenProfiles(options: {
  text: string;
  blocks: readonly GeneratedBlock[];
}): HandWrittenProfile[] {
  const byName = new Map<string, HandWrittenProfile>();
  let current: HandWrittenProfile | undefined;
  let offset = 0;
  for (const line of splitLines(options.text)) {
    const at = offset;
    offset += line.length;
    if (options.blocks.some((b) => at >= b.start && at < b.end)) {
      current = undefined;
      continue;
    }
    const content = (line.split(/(^|\s)[;#]/)[0] ?? "").trim();
    if (content.startsWith("[") && content.endsWith("]")) {
      const section = content.slice(1, -1).trim();
      const name = section === "default" ? "default" : /^profile\s+(.+)$/.exec(section)?.[1]?.trim();
      current = undefined;
      if (name) {
        current = byName.get(name) ?? { name, offset: at, values: {} };
        byName.set(name, current);
      }
      continue;
    }
    const eq = content.indexOf("=");
    if (current && eq > 0) {
      const value = content.slice(eq + 1).trim();
      // Key names in any case, as the AWS CLI (configparser) and loadSsoProfile read them.
      if (value !== "") current.values[content.slice(0, eq).trim().toLowerCase()] = value;
    }
  }
  return [...byName.values()];
}
