export type { Baseline } from "./baseline.js";
export {
  applyBaseline,
  BASELINE_FILE,
  createBaseline,
  formatBaseline,
  loadBaseline,
  validateBaselinePath,
} from "./baseline.js";
export { decodeBytes, scannableText, textEncodingOf } from "./decode-bytes.js";
export { findRepositoryRoot } from "./find-repository-root.js";
export type { FindingFormat } from "./format-findings.js";
export { formatFindings } from "./format-findings.js";
export { gitEnvironment } from "./git-environment.js";
export { areAllGitIgnored } from "./git-ignored.js";
export { isMerging } from "./is-merging.js";
export { mayHoldCredential } from "./may-hold-credential.js";
export { hasEscapedBytes, pathFromBytes, pathToBytes } from "./path-bytes.js";
export { PiecewiseScan } from "./piecewise-scan.js";
export { printablePath } from "./printable-path.js";
export type { RepositoryKind } from "./repository-kind.js";
export { repositoryKind } from "./repository-kind.js";
export { bareRepositoryError } from "./run-git.js";
export type { ScanFilesOptions } from "./scan-files.js";
export { DEFAULT_MAX_FILE_BYTES, scanFiles } from "./scan-files.js";
export type { ScanStagedOptions } from "./scan-staged.js";
export { scanStaged } from "./scan-staged.js";
export type { ScanTextOptions } from "./scan-text.js";
export { redact, scanText } from "./scan-text.js";
export type { SecretScanErrorCode } from "./secret-scan-error.js";
export { isSecretScanError, SecretScanError } from "./secret-scan-error.js";
export type { Finding, RuleId, ScanResult, UnreadablePath } from "./types.js";
