// sofia-sip (C): builds test/bench/sofia-bench.c with the shared harness and
// gcc, and runs it on the corpus files; it times itself the way the
// --measure children do.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Corpora } from "./corpus.js";
import type { MeasureResult } from "./peers.js";
import { OUT_DIR, ROOT, type Options } from "./settings.js";
import { compileError, harnessArgs, runHarness } from "./harness.js";

/** Builds the sofia-sip harness once; the function that times it (in a process of its own each call). */
export function sofiaRunner(c: Corpora, o: Options): () => MeasureResult {
  const bin = path.join(OUT_DIR, "sofia-bench");
  const here = path.join(ROOT, "test/bench");
  const cc = spawnSync("gcc", ["-O2", "-I/usr/include/sofia-sip-1.12", path.join(here, "harness.c"), path.join(here, "sofia-bench.c"),
    "-o", bin, "-lsofia-sip-ua"], { encoding: "utf8" });
  if (cc.status !== 0) {
    const failed: MeasureResult = { parser: "sofia-sip", groups: {}, error: compileError("gcc", cc) };
    return () => failed;
  }
  return () => runHarness("sofia-sip", bin, harnessArgs(c, o),
    "msg_create(sip_default_mclass()) + msg_buf_alloc/commit(eos) + msg_extract (every known header parsed by its hc_parse) + sip_object walk + msg_destroy");
}
