import { SsoenvError } from "@ssoenv/core";

/**
 * Commander's parser of a repeatable `--env-file <path>`: the paths so far plus this one. An empty
 * path is refused here, as the flag's error: resolved, it would be the current folder.
 *
 * @throws SsoenvError `INVALID_ARGUMENT` "--env-file is empty".
 */
export function collectEnvFile(value: string, previous: string[] = []): string[] {
  if (value.trim() === "") {
    throw new SsoenvError("INVALID_ARGUMENT", "--env-file is empty", {
      hint: "give the path of a .env file, e.g. --env-file .env",
    });
  }
  return [...previous, value];
}
