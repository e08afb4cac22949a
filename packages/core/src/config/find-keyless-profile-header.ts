import { sdkSectionOf } from "./find-config-problems.js";

/**
 * The line of the config file's `text` that heads `[profile NAME]` as the SDKs read headers, for a
 * profile the SDKs do not have: its section holds no line they read as a key (only `key: value`
 * lines, which the AWS CLI reads, or empty values), so their reader drops it. Undefined when there is
 * no such header. For the PROFILE_NOT_FOUND path only.
 */
export function findKeylessProfileHeader(options: {
  text: string;
  name: string;
}): { line: number } | undefined {
  const index = options.text
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .findIndex((raw) => {
      const line = raw.split(/(^|\s)[;#]/)[0]?.trim() ?? "";
      if (!line.startsWith("[") || !line.endsWith("]")) return false;
      return sdkSectionOf(line.slice(1, -1))?.section === `profile ${options.name}`;
    });
  return index === -1 ? undefined : { line: index + 1 };
}
