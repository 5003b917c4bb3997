// Writes the binary configuration block (docs/config.md) of a JSON
// configuration to a file: the persistent storage a native board's
// board.configRead hands to the firmware (boards/native-linux reads it with
// --config-block FILE). The JSON is checked by the same rules as
// `intercom sim`; the block is written by host/config.ts's encoder.
//
//   node build/js/host/tools/config-block.js --config FILE.json --out FILE.bin [--local-port N]
//
// Exit 0 with one line saying what was written; 2 with every bad field named
// and its fix (or a usage error); 1 when the file cannot be written.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { encodeConfig } from "../config.js";
import { checkedConfig, readConfigFile, ConfigError } from "../sim/station.js";

const USAGE = `usage: config-block --config FILE.json --out FILE.bin [--local-port N]
  Checks the JSON configuration (docs/config.md) and writes its binary block.
  --local-port N   overrides localPort (the UDP port the native board listens on)`;

export class UsageError extends Error {}

/** The block of a JSON configuration; `localPort` overrides the file's. Throws ConfigError naming each bad field. */
export function blockOf(json: unknown, localPort?: number): Uint8Array {
  const config = checkedConfig(json);
  return encodeConfig(localPort === undefined ? config : { ...config, localPort });
}

function options(argv: string[]): { config: string; out: string; localPort?: number } {
  let v: { config?: string; out?: string; "local-port"?: string };
  try {
    v = parseArgs({ args: argv, options: { config: { type: "string" }, out: { type: "string" }, "local-port": { type: "string" } } }).values;
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n${USAGE}`);
  }
  if (!v.config || !v.out) throw new UsageError(`--config FILE.json and --out FILE.bin are required\n${USAGE}`);
  const raw = v["local-port"];
  const localPort = raw === undefined ? undefined : Number(raw);
  if (localPort !== undefined && !(Number.isInteger(localPort) && localPort >= 1 && localPort <= 65535)) {
    throw new UsageError(`--local-port: ${raw} is not a UDP port (1-65535)`);
  }
  return { config: v.config, out: v.out, localPort };
}

const invoked = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (invoked) {
  try {
    const o = options(process.argv.slice(2));
    const block = blockOf(readConfigFile(o.config), o.localPort);
    writeFileSync(o.out, block, { mode: 0o600 }); // the block holds the password: created readable by its owner only
    console.log(`${o.out}: ${block.length} octets (configuration block v1)`);
  } catch (err) {
    if (err instanceof UsageError) console.error(err.message);
    else if (err instanceof ConfigError) console.error(`configuration refused:\n${err.message}`);
    else {
      console.error(`cannot write the block: ${(err as Error).message}`);
      process.exit(1);
    }
    process.exit(2);
  }
}
