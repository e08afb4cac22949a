import { SsoenvError } from "@ssoenv/core/internal/errors";
import { shellWord } from "@ssoenv/secret-scan/shell-word";
import type { Command } from "commander";

/**
 * `ssoenv exec -- --profile dev aws s3 ls`: after `--` every word is the command's, so ssoenv's own
 * option was the program to run ("command not found: --profile", after a sign-in check with the
 * default profile). Refuses it before anything runs, with the line that puts those options before
 * `--`. `words` are the command's (what came after `--`); only its leading options of `command` move.
 *
 * @throws SsoenvError `INVALID_ARGUMENT` "--profile after -- would be run as the command".
 */
export function refuseOptionsAfterDashes(command: Command, words: readonly string[]): void {
  const own = new Map(
    command.options.flatMap((option) =>
      [option.long, option.short].flatMap((flag) => (flag ? [[flag, option]] : [])),
    ),
  );
  const moved: string[] = [];
  let at = 0;
  while (at < words.length) {
    const word = words[at] as string;
    const option = own.get(word.split("=")[0] as string);
    if (!option) break;
    moved.push(word);
    at++;
    // Its value follows, unless written --name=value.
    if (option.required && !word.includes("=") && at < words.length) moved.push(words[at++] as string);
  }
  if (moved.length === 0) return;
  // The line as typed (commander keeps it as rawArgs, which its types do not declare).
  const typed = (command.parent as { rawArgs?: string[] } | null)?.rawArgs ?? [];
  const dashes = typed.indexOf("--");
  const before = dashes > 0 ? typed.slice(0, dashes) : [command.name()];
  const rest = words.slice(at).map(shellWord);
  const line = [
    ...before.map(shellWord),
    ...moved.map(shellWord),
    "--",
    ...(rest.length ? rest : ["<command>"]),
  ];
  throw new SsoenvError("INVALID_ARGUMENT", `${words[0]} after -- would be run as the command`, {
    hint: `ssoenv's options go before --: ssoenv ${line.join(" ")}`,
  });
}
