// Its own file so that create-program reads it without commands.ts, which holds the fast paths
// (bundled into dist/bin.cjs; as ES modules they would load a second time).

/** The headings of `ssoenv --help`, in its order: what a command is for. */
export const HELP_GROUPS = {
  signIn: "Sign-in:",
  credentials: "Credentials for your tools:",
  keys: "Keys out of git:",
  setUp: "Set-up and checks:",
} as const;
