/** A file as the user in the working folder names it: relative when under that folder, else as given. */
export function pathFromCwd(path: string): string {
  const cwd = process.cwd();
  return path.startsWith(`${cwd}/`) ? path.slice(cwd.length + 1) : path;
}
