export type { SsoenvErrorCode, SsoenvErrorOptions } from "./errors.js";
export { exitCodeFor, isSsoenvError, SsoenvError } from "./errors.js";
