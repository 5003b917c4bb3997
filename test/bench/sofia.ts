// sofia-sip (C): builds test/bench/sofia-bench.c with gcc and runs it on the
// corpus files; it times itself the way the --measure children do.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Corpora } from "./corpus.js";
import type { MeasureResult } from "./peers.js";
import { OUT_DIR, ROOT, type Options } from "./settings.js";

export function runSofia(c: Corpora, o: Options): MeasureResult {
  const bin = path.join(OUT_DIR, "sofia-bench");
  const src = path.join(ROOT, "test/bench/sofia-bench.c");
  const cc = spawnSync("gcc", ["-O2", "-I/usr/include/sofia-sip-1.12", src, "-o", bin, "-lsofia-sip-ua"], { encoding: "utf8" });
  if (cc.status !== 0) {
    return { parser: "sofia-sip", groups: {}, error: `gcc failed: ${(cc.stderr || cc.error?.message || "").trim().split("\n").slice(0, 3).join(" | ")}` };
  }
  const args = ["--rounds", String(o.rounds), "--min-ms", String(o.minMs), "--warmup-ms", String(o.warmupMs),
    "--group", "intercom", ...c.intercom.map((m) => m.file)];
  if (c.torture.length > 0) args.push("--group", "torture", ...c.torture.map((m) => m.file));
  const r = spawnSync(bin, args, { encoding: "utf8", maxBuffer: 16 << 20 });
  try {
    const j = JSON.parse(r.stdout) as MeasureResult;
    j.note = "msg_create(sip_default_mclass()) + msg_buf_alloc/commit(eos) + msg_extract (every known header parsed by its hc_parse) + sip_object walk + msg_destroy";
    return j;
  } catch {
    return { parser: "sofia-sip", groups: {}, error: (r.stderr || `exit ${r.status}`).trim() };
  }
}
