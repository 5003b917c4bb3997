// The factory image: build/firmware.wasm packed (docs/images.md) as a
// WebAssembly module of the package's version for every board in boards/,
// what `intercom flash PORT` sends without an IMAGE and what a simulated
// board with an empty store boots.
import { readFileSync } from "node:fs";
import path from "node:path";
import { defaultImagePath } from "../firmware.js";
import { listBoards, defaultBoardsDir } from "../boards.js";
import { Kind } from "../image/format.js";
import { packImage, parseVersion } from "../image/writer.js";

/** The version in package.json, beside boards/. */
export function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(defaultBoardsDir(), "..", "package.json"), "utf8")) as { version: string };
  return pkg.version;
}

export function factoryImage(): Uint8Array<ArrayBuffer> {
  const version = parseVersion(packageVersion());
  if (typeof version === "string") throw new Error(`package.json version: ${version}`);
  return packImage(readFileSync(defaultImagePath()), { kind: Kind.Wasm, version, boards: listBoards() });
}
