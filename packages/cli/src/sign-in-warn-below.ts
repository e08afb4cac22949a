/** Below this much left, status and doctor warn of the sign-in's end: it falls in the next hour of work. */
export const SIGN_IN_WARN_BELOW_MS = 60 * 60_000;
