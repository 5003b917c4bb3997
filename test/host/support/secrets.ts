// Checking that a secret (a door code, an access code, a password) is never
// printed. Output also holds numbers that change from run to run: times
// ("t"), ports picked by the system ("port", host:port). A random port such as
// 59876 contains the access code 9876, so those numbers are blanked first;
// every other digit of the output is still searched.

/** `out` with its times and ports replaced by 0. */
export function withoutTimesAndPorts(out: string): string {
  return out
    .replace(/("(?:t|port)"\s*:\s*)\d+/g, (_, key: string) => `${key}0`)
    .replace(/\b(\d{1,3}(?:\.\d{1,3}){3}):\d+/g, (_, host: string) => `${host}:0`);
}

/**
 * A SIP message with the values that are random or system-picked blanked:
 * ports (host:port, rport=), branch, tag, Call-ID, and the digest's nonce,
 * cnonce, opaque and response. A branch such as z9hG4bK8f4711c2 holds 4711
 * by chance; every other digit of the message is still searched.
 */
export function sipWithoutIdentifiers(text: string): string {
  return withoutTimesAndPorts(text)
    .replace(/\b(branch|tag|rport|nonce|cnonce|opaque|response)=("[^"]*"|[^;,\s>]*)/gi, (_, name: string) => `${name}=0`)
    .replace(/^(Call-ID|i)\s*:.*$/gim, (_, name: string) => `${name}: 0`);
}
