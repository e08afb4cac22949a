/**
 * A URL as a message may show it: a user and password in it (`http://me:secret@proxy:4566`, an
 * AWS_ENDPOINT_URL or proxy written so) left out, as `http://…@proxy:4566`.
 */
export function withoutUserInfo(value: string): string {
  return value.replace(/^([a-z][a-z0-9+.-]*:\/\/)?[^/?#]*@/i, "$1…@");
}
