// The hash H of HTTP Digest (RFC 7616 §3.2, §3.4.1): MD5 (RFC 1321, md5.ts)
// or SHA-256 (FIPS 180-4, crypto/sha256.ts), chosen by the challenge's
// algorithm. One hash at a time: hashInit, hashUpdate/hashByte, hashFinal.
// The SHA-256 state is laid over MD5's working octets (md5.ts HASH_WORK), so
// SHA-256 costs no static memory beyond a one-octet buffer; hashFinal wipes
// the state, since the message may hold a password (RFC 7616 §3.4.2: A1).

import { md5Init, md5Update, md5UpdateByte, md5Final, md5Digest, HASH_WORK, HASH_WORK_SIZE } from "./md5";
import { Sha256State, sha256Init, sha256Update, sha256Final, SHA256_STATE_SIZE, SHA256_SIZE } from "../../crypto/sha256";

if (SHA256_STATE_SIZE > HASH_WORK_SIZE) ERROR("hash: the SHA-256 state does not fit in HASH_WORK");

/** The octets of an MD5 digest (RFC 1321 §3.5). */
export const MD5_SIZE: i32 = 16;

const SHA = changetype<Sha256State>(HASH_WORK);
/** One octet fed to SHA-256 by hashByte. */
const BYTE: usize = memory.data(1, 1);
let usingSha256 = false;

/** The octets of a digest of `sha256` (true) or MD5 (false). */
// @ts-ignore: decorator
@inline export function hashSize(sha256: bool): i32 { return sha256 ? SHA256_SIZE : MD5_SIZE; }

/** Starts a message hashed with SHA-256 (true) or MD5 (false). */
export function hashInit(sha256: bool): void {
  usingSha256 = sha256;
  if (sha256) sha256Init(SHA);
  else md5Init();
}

/** Appends the `len` octets at `p` (nothing when len <= 0). */
export function hashUpdate(p: usize, len: i32): void {
  if (usingSha256) sha256Update(SHA, p, len);
  else md5Update(p, len);
}

/** Appends one octet. */
export function hashByte(c: u32): void {
  if (usingSha256) {
    store<u8>(BYTE, <u8>c);
    sha256Update(SHA, BYTE, 1);
  } else md5UpdateByte(c);
}

/** Ends the message: its digest (hashSize octets) at `dst`, and the working octets wiped. */
export function hashFinal(dst: usize): void {
  if (usingSha256) {
    sha256Final(SHA, dst);
  } else {
    md5Final();
    const d = md5Digest();
    for (let i: usize = 0; i < <usize>MD5_SIZE; i++) store<u8>(dst + i, load<u8>(d + i));
  }
  for (let i: usize = 0; i < <usize>HASH_WORK_SIZE; i += 8) store<u64>(HASH_WORK + i, 0);
  store<u8>(BYTE, 0);
}
