// Board definitions (boards/*.json, host/boards.ts) and the build check
// (host/tools/check-boards.ts): every shipped board is valid and holds the
// current firmware; each validation rule rejects a broken variant with the
// field and the fix; a board too small for the module fails the build check.
import { test, describe } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { checkFit, defaultBoardsDir, listBoards, loadBoard, validateBoard, type Board } from "../../host/boards.js";
import { memoryNeeded, readMemories } from "../../host/tools/check-boards.js";
import { Firmware, defaultImagePath } from "../../host/firmware.js";

const tool = fileURLToPath(new URL("../../host/tools/check-boards.js", import.meta.url));
const image = readFileSync(defaultImagePath());
const raw = (name: string): Board => JSON.parse(readFileSync(path.join(defaultBoardsDir(), `${name}.json`), "utf8"));
const variant = (name: string, change: (b: Board & Record<string, unknown>) => void): Board => {
  const b = raw(name) as Board & Record<string, unknown>;
  change(b);
  return b;
};

describe("the shipped boards", () => {
  test("boards/ holds the simulator, an ESP32 Ethernet board and an RP2040 + W5500 board", () => {
    assert.deepEqual(listBoards(), ["esp32-ethernet", "rp2040-w5500", "simulator"]);
  });

  for (const name of ["esp32-ethernet", "rp2040-w5500", "simulator"]) {
    test(`${name}.json validates and loads`, () => {
      assert.deepEqual(validateBoard(raw(name), name), []);
      assert.equal(loadBoard(name).name, name);
    });
  }

  test("the simulator runs in Node and has no reset lines; the real boards name a runtime and their model", () => {
    const sim = loadBoard("simulator");
    assert.equal(sim.runtime, "node");
    assert.equal(sim.resetLines, null);
    assert.match(loadBoard("esp32-ethernet").description, /Olimex ESP32-POE/);
    assert.match(loadBoard("rp2040-w5500").description, /W5500-EVB-Pico/);
    for (const name of ["esp32-ethernet", "rp2040-w5500"]) assert.notEqual(loadBoard(name).runtime, "node");
  });

  test("every keypad is the 4x3 layout 1 2 3 / 4 5 6 / 7 8 9 / * 0 #", () => {
    for (const name of listBoards()) {
      assert.deepEqual(loadBoard(name).pins.keypad.layout.map((r) => r.join(" ")), ["1 2 3", "4 5 6", "7 8 9", "* 0 #"]);
    }
  });
});

describe("validateBoard: each rule names the field and the fix", () => {
  const cases: [string, string, (b: Board & Record<string, unknown>) => void, RegExp][] = [
    ["a relay's polarity is high or low", "simulator", (b) => { (b.pins.relays[0] as { activeLevel: string }).activeLevel = "on"; },
      /^pins\.relays\[0\]\.activeLevel: must be "high" or "low"$/],
    ["the door sensor says which level means open", "simulator", (b) => { delete (b.pins.doorSensor as Partial<Board["pins"]["doorSensor"]>).openLevel; },
      /^pins\.doorSensor\.openLevel: must be "high" or "low"$/],
    ["a GPIO serves one function only", "simulator", (b) => { b.pins.relays[0].gpio = b.pins.callButtons[0].gpio; },
      /^pins\.relays\[0\]\.gpio: GPIO 7 is already pins\.callButtons\[0\]\.gpio; give each function its own GPIO$/],
    ["a GPIO exists on the MCU", "simulator", (b) => { b.pins.leds.call.gpio = 64; },
      /^pins\.leds\.call\.gpio: must be an integer from 0 to 63$/],
    ["a GPIO is a whole number", "rp2040-w5500", (b) => { b.pins.keypad.columns[1] = 6.5; },
      /^pins\.keypad\.columns\[1\]: must be an integer from 0 to 29$/],
    ["no pin takes one the Ethernet PHY uses", "esp32-ethernet", (b) => { b.pins.relays[0].gpio = 23; },
      /^pins\.relays\[0\]\.gpio: GPIO 23 is reserved \(Ethernet MDC\); pick a free GPIO$/],
    ["no pin takes one the W5500 uses", "rp2040-w5500", (b) => { b.pins.doorSensor.gpio = 17; },
      /^pins\.doorSensor\.gpio: GPIO 17 is reserved \(W5500 SPI0 chip select\)/],
    ["an output is not on an input-only GPIO", "esp32-ethernet", (b) => { b.pins.keypad.columns[2] = 4; b.pins.relays[0].gpio = 36; },
      /^pins\.relays\[0\]\.gpio: GPIO 36 is input-only on this MCU; an output needs a GPIO that can drive$/],
    ["the runtime is one the firmware is built for", "simulator", (b) => { (b as Record<string, unknown>).runtime = "wasmtime"; },
      /^runtime: must be "node" or "wasm3" or "wamr" or "wasm2c"$/],
    ["the memory limit is at least one page and at most 4 GiB", "rp2040-w5500", (b) => { b.memoryLimitBytes = 1000; },
      /^memoryLimitBytes: must be an integer from 65536 to 4294967296$/],
    ["the image limit is a number of bytes", "rp2040-w5500", (b) => { (b as Record<string, unknown>).imageLimitBytes = "2MB"; },
      /^imageLimitBytes: must be an integer from 1 to 4294967296$/],
    ["the host leaves room in the image slot", "rp2040-w5500", (b) => { b.hostImageBytes = b.imageLimitBytes; },
      /^hostImageBytes: must be an integer from 0 to 983039$/],
    ["the image expansion is a factor from 1 to 10", "esp32-ethernet", (b) => { b.imageExpansion = 0.5; },
      /^imageExpansion: must be a number from 1 to 10/],
    ["the keypad has 4 rows", "simulator", (b) => { b.pins.keypad.rows.pop(); },
      /^pins\.keypad\.rows: must list 4 GPIOs \(the keypad is 4x3\), not 3$/],
    ["each key appears once", "simulator", (b) => { b.pins.keypad.layout[3][1] = "5"; },
      /^pins\.keypad\.layout\[3\]\[1\]: "5" appears twice; each key appears once$/],
    ["the layout is 4 rows of 3 keys", "simulator", (b) => { b.pins.keypad.layout = [["1", "2", "3", "4"]]; },
      /^pins\.keypad\.layout: must be 4 rows of 3 keys/],
    ["a key is a digit, * or #", "simulator", (b) => { b.pins.keypad.layout[3][0] = "A"; },
      /^pins\.keypad\.layout\[3\]\[0\]: must be one of 0-9, \* or #$/],
    ["a call button debounces for 1 to 1000 ms", "simulator", (b) => { b.pins.callButtons[1].debounceMs = 0; },
      /^pins\.callButtons\[1\]\.debounceMs: must be an integer from 1 to 1000$/],
    ["there is at least one call button", "simulator", (b) => { b.pins.callButtons = []; },
      /^pins\.callButtons: must list at least 1 item$/],
    ["the reset and boot lines differ", "esp32-ethernet", (b) => { b.resetLines!.boot = "RTS"; },
      /^resetLines\.boot: must differ from resetLines\.reset \(or be null\)$/],
    ["reset lines are an object or null", "esp32-ethernet", (b) => { (b as Record<string, unknown>).resetLines = "DTR"; },
      /^resetLines: must be an object, or null when the board has no DTR\/RTS wiring$/],
    ["an unknown field is a typo", "simulator", (b) => { b.pin = {}; },
      /^pin: unknown field; remove it or correct its spelling/],
    ["the name is lower-case with dashes", "simulator", (b) => { b.name = "Simulator"; },
      /^name: must be lower-case letters, digits and single dashes/],
    ["a board carries notes", "rp2040-w5500", (b) => { b.notes = []; },
      /^notes: must list at least 1 item$/],
  ];
  for (const [rule, base, change, expected] of cases) {
    test(rule, () => {
      const errors = validateBoard(variant(base, change));
      assert.ok(errors.some((e) => expected.test(e)), `expected ${expected} in:\n${errors.join("\n")}`);
    });
  }

  test("a definition that is not an object is rejected as a whole", () => {
    assert.deepEqual(validateBoard([1, 2]), ["board: must be an object"]);
  });

  test("the name matches the file's name", () => {
    assert.deepEqual(validateBoard(raw("simulator"), "sim"), ['name: must be "sim", the name of its file']);
  });

  test("reset lines are optional: null and absent are both valid", () => {
    assert.deepEqual(validateBoard(variant("esp32-ethernet", (b) => { b.resetLines = null; })), []);
    assert.deepEqual(validateBoard(variant("esp32-ethernet", (b) => { delete b.resetLines; })), []);
  });

  test("loadBoard names a missing board and the ones there are", () => {
    assert.throws(() => loadBoard("esp8266"), /no board "esp8266" in .*boards: esp32-ethernet, rp2040-w5500, simulator/);
  });
});

describe("checkFit and the module's declared memory", () => {
  test("the memory reader finds the 2 fixed pages the instantiated module has", async () => {
    const memories = readMemories(image);
    assert.deepEqual(memories, [{ initialPages: 2, maximumPages: 2, imported: false, memory64: false }]);
    const fw = await Firmware.load(image);
    assert.equal(memoryNeeded(memories), fw.exports.memory.buffer.byteLength);
  });

  test("the memory reader reads an imported memory with a multi-byte LEB128 size and no maximum", () => {
    const field = (s: string) => [s.length, ...Buffer.from(s)];
    const imports = [1, ...field("env"), ...field("memory"), 2, 0x00, 0xac, 0x02]; // 300 pages, no maximum
    const module = Uint8Array.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 2, imports.length, ...imports]);
    assert.ok(WebAssembly.validate(module));
    assert.deepEqual(readMemories(module), [{ initialPages: 300, maximumPages: null, imported: true, memory64: false }]);
  });

  test("the current build fits every board", () => {
    const memory = memoryNeeded(readMemories(image));
    for (const name of listBoards()) assert.deepEqual(checkFit(loadBoard(name), image.length, memory), [], name);
  });

  test("a board with too little memory fails, naming the board and both figures", () => {
    const small = variant("rp2040-w5500", (b) => { b.memoryLimitBytes = 98304; });
    assert.deepEqual(checkFit(small, image.length, 131072),
      ["rp2040-w5500: the image needs 131072 bytes of linear memory, the board gives 98304"]);
  });

  test("a board with too small an image slot fails, counting the runtime's expansion and the host", () => {
    const small = variant("esp32-ethernet", (b) => { b.imageLimitBytes = 800000; });
    assert.deepEqual(checkFit(small, 10000, 131072),
      ["esp32-ethernet: the image needs 816432 bytes of flash (10000 × 3 under wasm2c + 786432 for the host), the image slot holds 800000"]);
  });
});

describe("check-boards (the build step)", () => {
  const run = (...args: string[]) => {
    const r = spawnSync(process.execPath, [tool, ...args], { encoding: "utf8" });
    return { code: r.status, out: r.stdout, err: r.stderr };
  };
  const withBoards = (boards: Record<string, Board>, body: (dir: string) => void) => {
    const dir = mkdtempSync(path.join(tmpdir(), "boards-"));
    try {
      for (const [name, b] of Object.entries(boards)) writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(b));
      body(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };

  test("on the shipped boards it exits 0 with one line per board", () => {
    const r = run();
    assert.equal(r.code, 0, r.err);
    for (const name of listBoards()) assert.match(r.out, new RegExp(`^${name}: fits`, "m"));
  });

  test("a board too small for the module makes it exit 1 naming that board and why", () => {
    const tiny = variant("rp2040-w5500", (b) => { b.name = "tiny"; b.memoryLimitBytes = 65536; });
    withBoards({ simulator: raw("simulator"), tiny }, (dir) => {
      const r = run("--boards", dir, "--image", defaultImagePath());
      assert.equal(r.code, 1);
      assert.match(r.err, /^tiny: the image needs 131072 bytes of linear memory, the board gives 65536$/m);
      assert.match(r.out, /^simulator: fits/m);
      assert.doesNotMatch(r.err, /simulator/);
    });
  });

  test("an invalid board definition makes it exit 1 naming the board and the field", () => {
    const broken = variant("simulator", (b) => { b.name = "broken"; (b.pins.relays[0] as { activeLevel: string }).activeLevel = "1"; });
    withBoards({ broken }, (dir) => {
      const r = run("--boards", dir);
      assert.equal(r.code, 1);
      assert.match(r.err, /broken\.json is invalid:\n\s+pins\.relays\[0\]\.activeLevel: must be "high" or "low"/);
    });
  });

  test("a file that is not a wasm module makes it exit 1; an unknown option exits 2", () => {
    withBoards({ simulator: raw("simulator") }, (dir) => {
      const notWasm = path.join(dir, "firmware.wasm");
      writeFileSync(notWasm, "not wasm");
      const r = run("--boards", dir, "--image", notWasm);
      assert.equal(r.code, 1);
      assert.match(r.err, /not a valid WebAssembly module/);
    });
    const usage = run("--board", "x");
    assert.equal(usage.code, 2);
    assert.match(usage.err, /usage: check-boards \[--boards DIR\] \[--image FILE\]/);
  });
});
