// A test PKI made with the `openssl` command at test time, in a directory of
// the test's: a CA, a server certificate for a name (with 127.0.0.1 and ::1
// as IP subject alternative names, RFC 5280 §4.2.1.6, so a connection to a
// literal verifies too), a certificate from the same CA for another name,
// and a second CA nobody trusts with a certificate for the right name. Keys
// are P-256 (fast to make); certificates are valid for two days.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { missingTool } from "./tools.js";

/** A certificate and its private key (PEM files). */
export interface KeyPair {
  cert: string;
  key: string;
}

export interface Pki {
  dir: string;
  /** The name the server certificates are made for. */
  name: string;
  /** The trusted CA's certificate (what --tls-ca gets). */
  ca: string;
  /** Signed by the CA for `name`, 127.0.0.1 and ::1. */
  server: KeyPair;
  /** Signed by the CA for `wrong.<name>` only: a client that asks for `name` must refuse it. */
  wrongName: KeyPair;
  /** A CA nobody was given, and a certificate it signed for `name`. */
  untrusted: { ca: string } & KeyPair;
}

/** null when openssl is there; otherwise the skip reason (a failure in CI). */
export function pkiSkip(): string | null {
  return missingTool("openssl", "openssl");
}

function openssl(dir: string, args: string[]): void {
  const r = spawnSync("openssl", args, { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`openssl ${args.join(" ")} failed:\n${r.stdout}${r.stderr}`);
}

const KEY = ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes"];

/** A self-signed CA `id` in dir: id.pem, id.key. */
function makeCa(dir: string, id: string, subject: string): { cert: string; key: string } {
  openssl(dir, ["req", "-x509", ...KEY, "-keyout", `${id}.key`, "-out", `${id}.pem`, "-days", "2", "-subj", `/CN=${subject}`,
    "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"]);
  return { cert: path.join(dir, `${id}.pem`), key: path.join(dir, `${id}.key`) };
}

/** A certificate `id` for `dns` (and `ips`) signed by `ca`: id.pem, id.key. */
function makeLeaf(dir: string, id: string, ca: { cert: string; key: string }, dns: string, ips: string[]): KeyPair {
  const ext = path.join(dir, `${id}.ext`);
  const alt = [`DNS:${dns}`, ...ips.map((ip) => `IP:${ip}`)].join(",");
  writeFileSync(ext, `subjectAltName=${alt}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n`);
  openssl(dir, ["req", "-new", ...KEY, "-keyout", `${id}.key`, "-out", `${id}.csr`, "-subj", `/CN=${dns}`]);
  openssl(dir, ["x509", "-req", "-in", `${id}.csr`, "-CA", ca.cert, "-CAkey", ca.key, "-CAcreateserial", "-out", `${id}.pem`, "-days", "2", "-extfile", ext]);
  return { cert: path.join(dir, `${id}.pem`), key: path.join(dir, `${id}.key`) };
}

/** Makes the test PKI in `dir` for `name` (a few hundred ms of openssl). */
export function makePki(dir: string, name = "pbx.test"): Pki {
  const ca = makeCa(dir, "ca", "Intercom Test CA");
  const other = makeCa(dir, "other-ca", "Untrusted Test CA");
  return {
    dir,
    name,
    ca: ca.cert,
    server: makeLeaf(dir, "server", ca, name, ["127.0.0.1", "::1"]),
    wrongName: makeLeaf(dir, "wrong-name", ca, `wrong.${name}`, []),
    untrusted: { ca: other.cert, ...makeLeaf(dir, "untrusted", other, name, ["127.0.0.1", "::1"]) },
  };
}
