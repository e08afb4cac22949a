import { join, resolve } from "node:path";
import { SsoenvError } from "@ssoenv/core/internal/errors";
import { namesFolder } from "@ssoenv/core/internal/fs/names-folder";

/**
 * Commander's parser of a repeatable `--env-file <path>`: the paths so far plus this one. An empty
 * path or a folder is refused here, as the flag's error: resolved, an empty path would be the current
 * folder, and `apps/` a file named apps.
 *
 * @throws SsoenvError `INVALID_ARGUMENT` "--env-file is empty", "--env-file apps: ... is a folder".
 */
export function collectEnvFile(value: string, previous: string[] = []): string[] {
  if (value.trim() === "") {
    throw new SsoenvError("INVALID_ARGUMENT", "--env-file is empty", {
      hint: "give the path of a .env file, e.g. --env-file .env",
    });
  }
  if (namesFolder({ path: value })) {
    throw new SsoenvError(
      "INVALID_ARGUMENT",
      `--env-file ${value}: ${resolve(value)} is a folder, not a .env file`,
      {
        hint: `name a file in it, e.g. --env-file ${join(value, ".env")}`,
      },
    );
  }
  return [...previous, value];
}
