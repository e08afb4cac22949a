/**
 * A profile name every AWS tool accepts and a shell needs no quotes for: letters, digits, `.`, `_` and
 * `-` stay; every run of other characters (spaces, `/`, `(`, `#`, `]`, non-ASCII letters...) becomes one
 * `-`; `-` and `.` are trimmed from both ends. The JS SDK (`@smithy/shared-ini-file-loader`) ignores a
 * `[profile ...]` whose name has a space or other characters outside `A-Za-z0-9_-@+.%:/`, and `#` or `;`
 * after a space starts a comment in it, so these rules are stricter than the AWS CLI's.
 */
export function safeProfileName(raw: string): string {
  return raw
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

/**
 * `value` with its letters' accents dropped ("Zürich" gives "Zurich"), and the Latin letters that have
 * none to drop spelt in ASCII ("Straße Øst Łódź" gives "Strasse Ost Lodz"), for {@link safeProfileName}.
 */
export function withoutAccents(value: string): string {
  return value
    .normalize("NFKD")
    .replace(/\p{M}+/gu, "")
    .replace(/[ßẞæÆøØœŒłŁđĐðÐþÞıħĦ]/g, (letter) => SPELT_IN_ASCII[letter] ?? letter);
}

/** Latin letters NFKD does not decompose, as German, Nordic, French, Polish... spell them in ASCII. */
const SPELT_IN_ASCII: Record<string, string> = {
  ß: "ss",
  ẞ: "SS",
  æ: "ae",
  Æ: "AE",
  ø: "o",
  Ø: "O",
  œ: "oe",
  Œ: "OE",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ð: "d",
  Ð: "D",
  þ: "th",
  Þ: "TH",
  ı: "i",
  ħ: "h",
  Ħ: "H",
};

/**
 * A section's `name`, as the AWS CLI reads it, as a name every AWS tool reads: its spaces as one `-`
 * ("my dev" gives my-dev), and with signs or letters the SDKs do not take, safeProfileName of it
 * without accents ("pröd-ü" gives prod-u).
 */
export function sdkReadableName(name: string): string {
  const spaced = name.trim().replace(/\s+/g, "-");
  return SDK_SECTION_NAME.test(spaced) ? spaced : safeProfileName(withoutAccents(spaced));
}

/** The characters the AWS SDKs take in a `[profile NAME]` or `[sso-session NAME]` header's name. */
export const SDK_SECTION_NAME = /^[\w\-@+.%:/]+$/;
