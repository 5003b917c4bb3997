// TLS for the simulator's streams (docs/transports.md "Streams"; RFC 3261
// §26.2.1, RFC 5922 §7): the client checks the server's certificate against
// the board's trust anchors (--tls-ca FILE; without it Node's root
// certificates) and the name the firmware gave (also sent as SNI, RFC 6066
// §3, unless it is an address literal); the server side presents the
// station's certificate (--tls-cert, --tls-key). Failures map to
// boardStreamOpened's statuses.
import { readFileSync } from "node:fs";
import net from "node:net";
import tls from "node:tls";

/** The board's TLS files: trust anchors (PEM), and the station's own certificate and key (PEM). */
export interface TlsFiles {
  ca?: string;
  cert?: string;
  key?: string;
}

/** OpenSSL's verification results that say the chain does not end at a trusted CA (status 2). */
const UNTRUSTED = new Set([
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "SELF_SIGNED_CERT_IN_CHAIN", "DEPTH_ZERO_SELF_SIGNED_CERT", "CERT_SIGNATURE_FAILURE", "CERT_UNTRUSTED",
]);

/** Connection errors before any TLS: the peer refused or cannot be reached (status 1); a reset during the handshake is 4. */
const UNREACHABLE = new Set(["ECONNREFUSED", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"]);

/** boardStreamOpened's status for a TLS open that failed with `err`: 1 unreachable, 2 untrusted, 3 wrong name, 4 other. */
export function tlsStatus(err: Error): number {
  const code = (err as NodeJS.ErrnoException).code ?? "";
  if (UNREACHABLE.has(code)) return 1;
  if (UNTRUSTED.has(code)) return 2;
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") return 3;
  return 4;
}

/** Reads a PEM file the board was given, or throws naming the option and the fix. */
function pem(file: string, option: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new Error(`${option} ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): give the path of a PEM file`);
  }
}

export class TlsContext {
  private ca: Buffer | undefined;
  private server: tls.TlsOptions | null = null;

  /** Reads the files at once, so a wrong path stops the station at start, naming the option. */
  constructor(files: TlsFiles) {
    this.ca = files.ca ? pem(files.ca, "--tls-ca") : undefined;
    if ((files.cert === undefined) !== (files.key === undefined)) throw new Error(`--tls-cert and --tls-key: give both (the station's certificate and its private key) or neither`);
    if (files.cert && files.key) {
      const cert = pem(files.cert, "--tls-cert"), key = pem(files.key, "--tls-key");
      try {
        tls.createSecureContext({ cert, key });
      } catch (err) {
        // The message is OpenSSL's reason (a mismatch, not PEM); never the key's octets.
        throw new Error(`--tls-cert ${files.cert} / --tls-key ${files.key}: not a certificate and its private key (${(err as Error).message}): give PEM files that belong together`);
      }
      this.server = { cert, key };
    }
  }

  /** A client's options for a connection whose certificate must name `name` (RFC 5922 §7.2). */
  clientOptions(name: string): tls.ConnectionOptions {
    return {
      ca: this.ca,
      rejectUnauthorized: true,
      ...(name && !net.isIP(name) ? { servername: name } : {}),
      checkServerIdentity: (_host, cert) => tls.checkServerIdentity(name, cert),
    };
  }

  /** The listening side's options, or null when the board has no certificate (no TLS listener). */
  serverOptions(): tls.TlsOptions | null {
    return this.server;
  }
}
