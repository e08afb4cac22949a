import { readFile } from "node:fs/promises";
import { parseEnvEntries } from "@ssoenv/core/internal/env/parse-env";
import type { ProjectConfig } from "@ssoenv/core/internal/project/load-project-config";
import { projectEnvFiles } from "@ssoenv/core/internal/project/project-env-files";
import { formatLocalTime } from "./format-time.js";

/** A .env file of the project whose keys have expired. */
export interface ExpiredEnvFile {
  /** Absolute path. */
  path: string;
  expiredAt: Date;
}

/**
 * The project's .env files (ssoenv.toml's `[[env_files]]`, else the `.env` refresh writes there or, with
 * no ssoenv.toml, in the working folder) holding keys that have expired: role credentials last an hour
 * by default, so the morning's refresh is dead by the next. Told by the expiration refresh writes beside
 * the keys (`AWS_CREDENTIAL_EXPIRATION`, or the project's name for it). A file that is missing,
 * unreadable, holds the endpoint, or has no readable time is left out: nothing to say about it.
 */
export async function findExpiredEnvFiles(
  project: ProjectConfig | undefined,
  now = Date.now(),
): Promise<ExpiredEnvFile[]> {
  const files = projectEnvFiles({ project, cwd: process.cwd() })
    .filter((file) => file.credentials === "keys")
    .map((file) => ({ path: file.path, name: file.keys.AWS_CREDENTIAL_EXPIRATION }));
  const expired: ExpiredEnvFile[] = [];
  for (const file of files) {
    const text = await readFile(file.path, "utf8").catch(() => undefined);
    if (text === undefined) continue;
    const name = file.name ?? "AWS_CREDENTIAL_EXPIRATION";
    // As dotenv readers do, the last binding of a name is the one a tool gets.
    const value = parseEnvEntries(text).findLast((entry) => entry.key === name)?.value;
    const expiredAt = value ? new Date(value) : undefined;
    if (expiredAt && !Number.isNaN(expiredAt.getTime()) && expiredAt.getTime() <= now) {
      expired.push({ path: file.path, expiredAt });
    }
  }
  return expired;
}

/**
 * What to tell about one, naming the file as `shown` (from where the user stands), and the fix.
 *
 * @example expiredEnvFileWarning(".env", file) // { problem: "the credentials in .env expired at 09:42", fix: "ssoenv refresh" }
 */
export function expiredEnvFileWarning(shown: string, file: ExpiredEnvFile): { problem: string; fix: string } {
  return {
    problem: `the credentials in ${shown} expired at ${formatLocalTime(file.expiredAt)}`,
    fix: "ssoenv refresh",
  };
}
