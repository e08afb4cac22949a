/** What a finding is: the three kinds of AWS credential the scanner knows. */
export type RuleId = "aws-access-key-id" | "aws-secret-access-key" | "aws-session-token";

/** One plaintext credential found in a file. Never carries the secret itself. */
export interface Finding {
  /** Which kind of credential. */
  rule: RuleId;
  /**
   * The file, as given (path mode) or relative to the repository root (staged mode), with `/`
   * separators. A byte of the name that is not UTF-8 is U+DC80-U+DCFF (see pathFromBytes).
   */
  path: string;
  /** 1-based line of the first character of the secret (of the encoded form when it was encoded). */
  line: number;
  /** 1-based column, in UTF-16 code units (SARIF's default unit). */
  column: number;
  /** The first 4 characters and an ellipsis: enough to recognise it, never enough to use it. */
  redacted: string;
  /**
   * sha256 (hex) of the secret itself (a session token without its `=` padding, which varies with how
   * it was copied): stable across lines, files and encodings; what baselines store.
   */
  fingerprint: string;
  /**
   * How many columns the secret takes on its line (UTF-16 code units, a session token's `=` padding
   * left out), when it is written as is: SARIF's region end. Absent when it was encoded.
   */
  length?: number;
  /** How the secret was written when it was not plain text (`base64`, `percent`, `escaped`, `split`). */
  encoding?: "base64" | "percent" | "escaped" | "split";
}

/** A file or folder path mode could not read (the others were still scanned). */
export interface UnreadablePath {
  /** As findings name files: as given, or under a folder given. */
  path: string;
  /** The system's error code (`EACCES`, `EIO`…). */
  code: string;
}

/** What `scanFiles` and `scanStaged` return. */
export interface ScanResult {
  findings: Finding[];
  /** Path mode: `node_modules` folders inside the folders given, not walked (see `includeNodeModules`). */
  skippedFolders: string[];
  /**
   * Path mode: files, and folders (with a trailing `/`), inside the folders given that git ignores,
   * not scanned (see `includeIgnored`). Empty in staged mode.
   */
  skippedIgnored: string[];
  /**
   * Path mode: bare repositories (git directories: HEAD, objects/, refs/) inside the folders given,
   * not walked: their commits are compressed, where no key can be seen. Empty in staged mode.
   */
  skippedRepositories: string[];
  /** Number of files read and scanned. */
  filesScanned: number;
  /** Findings dropped because their fingerprint is in the baseline. */
  baselined: number;
  /**
   * Path mode: files and folders under the paths given that could not be read; everything else was
   * scanned. Never empty on a complete scan: callers must not report such a scan as clean.
   */
  unreadable: UnreadablePath[];
}
