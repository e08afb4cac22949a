export { decodeBytes } from "./decode-bytes.js";
export type { ScanTextOptions } from "./scan-text.js";
export { redact, scanText } from "./scan-text.js";
export type { SecretScanErrorCode } from "./secret-scan-error.js";
export { isSecretScanError, SecretScanError } from "./secret-scan-error.js";
export type { Finding, RuleId, ScanResult, SkippedFile } from "./types.js";
