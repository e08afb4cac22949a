import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/**
 * How this process may make a private mount namespace: `unshare -m` as root, else `unshare -rm` (a user
 * namespace, where the kernel allows it), else undefined. Needed to reproduce compose.yaml's mounts
 * without Docker.
 */
export const unshareArgs: string[] | undefined = [["-m"], ["-r", "-m"]].find((args) => {
  const probe = 'd=$(mktemp -d) && mount -t tmpfs tmpfs "$d" && umount "$d"; r=$?; rmdir "$d"; exit $r';
  return spawnSync("unshare", [...args, "sh", "-c", probe], { stdio: "ignore" }).status === 0;
});

/**
 * A command prefix that runs the rest of the command line with `home`'s ~/.aws mounted the way
 * plugins/container/compose.yaml mounts it: read-only, except ~/.aws/sso/cache (writable bind),
 * ~/.aws/ssoenv (a tmpfs) and ~/.aws/ssoenv/sign-ins inside it (writable bind). Private mount
 * namespace: nothing changes outside the command.
 */
export function composeMountsPrefix(home: string): string[] {
  const aws = join(home, ".aws");
  // The README asks users to create these on the host: mount points inside a read-only mount.
  mkdirSync(join(aws, "sso", "cache"), { recursive: true });
  mkdirSync(join(aws, "ssoenv", "sign-ins"), { recursive: true });
  // The host's sign-in records, bound again (writable) once the tmpfs hides ~/.aws/ssoenv.
  const signIns = join(home, ".compose-sign-ins");
  mkdirSync(signIns, { recursive: true });
  const q = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;
  const script = [
    // Before ~/.aws turns read-only, so this bind stays writable.
    `mount --bind ${q(join(aws, "ssoenv", "sign-ins"))} ${q(signIns)}`,
    `mount --bind ${q(aws)} ${q(aws)}`,
    `mount -o remount,ro,bind ${q(aws)}`,
    `mount --bind ${q(join(aws, "sso", "cache"))} ${q(join(aws, "sso", "cache"))}`,
    `mount -o remount,rw,bind ${q(join(aws, "sso", "cache"))}`,
    `mount -t tmpfs -o mode=1777 tmpfs ${q(join(aws, "ssoenv"))}`,
    `mkdir ${q(join(aws, "ssoenv", "sign-ins"))}`,
    `mount --bind ${q(signIns)} ${q(join(aws, "ssoenv", "sign-ins"))}`,
    'exec "$@"',
  ].join(" && ");
  if (!unshareArgs) throw new Error("no mount namespace available (see unshareArgs)");
  return ["unshare", ...unshareArgs, "sh", "-c", script, "compose-mounts"];
}

/**
 * A command prefix that mounts all of `home`'s ~/.aws read-only, as `docker run -v ~/.aws:…/.aws:ro`
 * does without compose.yaml's writable sso/cache (private mount namespace, as above).
 */
export function readOnlyAwsPrefix(home: string): string[] {
  const aws = join(home, ".aws");
  const q = (path: string) => `'${path.replaceAll("'", "'\\''")}'`;
  const script = [`mount --bind ${q(aws)} ${q(aws)}`, `mount -o remount,ro,bind ${q(aws)}`, 'exec "$@"'].join(
    " && ",
  );
  if (!unshareArgs) throw new Error("no mount namespace available (see unshareArgs)");
  return ["unshare", ...unshareArgs, "sh", "-c", script, "read-only-aws"];
}
