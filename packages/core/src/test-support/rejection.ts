import { isSsoenvError, type SsoenvError } from "../errors.js";

/** The SsoenvError a promise rejects with; fails the test when it resolves or rejects with anything else. */
export async function rejection(promise: Promise<unknown>): Promise<SsoenvError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isSsoenvError(error)) throw new Error(`expected an SsoenvError, got ${String(error)}`);
  return error;
}
