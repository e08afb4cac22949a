export { formatEnvValue } from "./env/format-env-value.js";
// .env files (cli helper)
export type { EnvEntry } from "./env/parse-env.js";
export { parseEnv, parseEnvEntries } from "./env/parse-env.js";
export type { UpdateEnvFileOptions, UpdateEnvFileResult } from "./env/update-env-file.js";
export { updateEnvFile } from "./env/update-env-file.js";
export { updateEnvText } from "./env/update-env-text.js";
export type { SsoenvErrorCode, SsoenvErrorOptions } from "./errors.js";
export { exitCodeFor, isSsoenvError, SsoenvError } from "./errors.js";
