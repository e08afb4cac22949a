/**
 * Pauses before reading a token cache file that is not JSON again. The AWS CLI (botocore's
 * JSONFileCache) and the JS SDK rewrite the file in place: truncate, then write. Read between the
 * two, it is empty or cut short, and whole a moment later. One policy for every reader of it.
 */
export const TORN_READ_PAUSES_MS: readonly number[] = [50, 100, 200];
