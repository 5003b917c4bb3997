// The factory image: build/firmware.wasm packed with its identity (the
// package's version, every board in boards/), what `intercom flash PORT`
// sends without an IMAGE and what a simulated board with an empty store boots.
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultImagePath } from "../firmware.js";
import { listBoards, defaultBoardsDir } from "../boards.js";
import { writeIdentity } from "./image.js";

/** The version in package.json, beside boards/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(defaultBoardsDir(), "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function factoryImage(): Uint8Array<ArrayBuffer> {
  return writeIdentity(readFileSync(defaultImagePath()), { version: packageVersion(), boards: listBoards() });
}
