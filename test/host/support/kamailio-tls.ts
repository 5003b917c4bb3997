// Kamailio with a TLS listener for the interop tests (docs/transports.md
// "Streams"): its tls module (Debian's kamailio-tls-modules) presents a
// certificate of the test PKI (pki.ts). kamailioTls gives the KamailioOptions
// for `new Kamailio(...)`: the listener, `enable_tls`, the module and its
// configuration file (written into `dir`).
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { KamailioOptions } from "./interop.js";
import type { KeyPair } from "./pki.js";

/** Where Debian's kamailio-tls-modules puts the module. */
export const KAMAILIO_TLS_MODULE = "/usr/lib/x86_64-linux-gnu/kamailio/modules/tls.so";

/** null when Kamailio's tls module is installed; otherwise the skip reason (a failure in CI, where .ci/run installs it). */
export function kamailioTlsSkip(): string | null {
  if (existsSync(KAMAILIO_TLS_MODULE)) return null;
  const why = `skipped: Kamailio's tls module is not installed (${KAMAILIO_TLS_MODULE}: Debian package kamailio-tls-modules; .ci/run installs it)`;
  if (process.env.CI === "true") throw new Error(`kamailio-tls-modules is required in CI: ${why}`);
  return why;
}

/**
 * The options that make Kamailio listen for TLS on 127.0.0.1:`port` with `pair` as its certificate
 * (TLS 1.2 or later). It asks no certificate of its clients: the station authenticates with digest
 * (RFC 3261 §22), and the server's certificate is what the board checks (RFC 5922 §7.2).
 */
export function kamailioTls(dir: string, port: number, pair: KeyPair, ca: string): KamailioOptions {
  const file = path.join(dir, "tls.cfg");
  const side = (role: string, own: boolean) => [`[${role}:default]`, "method = TLSv1.2+", "verify_certificate = no", "require_certificate = no",
    ...(own ? [`certificate = ${pair.cert}`, `private_key = ${pair.key}`, `ca_list = ${ca}`] : []), ""];
  writeFileSync(file, [...side("server", true), ...side("client", false)].join("\n"));
  return {
    listen: [`tls:127.0.0.1:${port}`],
    config: ["enable_tls=yes", 'loadmodule "tls.so"', `modparam("tls", "config", "${file}")`],
  };
}
