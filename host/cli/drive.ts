// Driving and watching a board over the link: `intercom press`, `input`,
// `status`, `monitor`, `reboot`, and `ports` to find the board.
import { Command } from "commander";
import { Cmd, type Frame } from "../serial/frame.js";
import { decodeLog, eventLine as eventJsonLine } from "../serial/codec/events.js";
import { listPorts } from "../serial/ports.js";
import { action, linkOptions, withBoard, print, integer, type LinkOpts } from "./common.js";

function statusText(s: Record<string, unknown>): string {
  const fw = s.firmware as { version: string; slot: string; trial: boolean } | null;
  const slots = (s.slots as { name: string; active: boolean; version?: string; empty?: boolean }[])
    .map((x) => `${x.name}${x.active ? "*" : ""}=${x.empty ? "empty" : x.version}`).join(" ");
  const reg = s.registration as Record<string, unknown>;
  const call = s.call as Record<string, unknown>;
  const leds = s.leds as { status: boolean; call: boolean };
  const door = s.door as { open: boolean };
  const onOff = (b: boolean) => (b ? "on" : "off");
  return [
    `board        ${s.board}`,
    `firmware     ${fw ? `${fw.version} (slot ${fw.slot}${fw.trial ? ", on trial" : ""})` : "none running"}`,
    `slots        ${slots}`,
    `config       ${s.config}`,
    `registration ${reg.state}${reg.registrar ? ` (${reg.registrar})` : ""}${reg.code ? ` code ${reg.code}` : ""}`,
    `call         ${call.state}${call.code ? ` ${call.code}` : ""}`,
    `relays       ${(s.relays as boolean[]).map(onOff).join(" ")}`,
    `leds         status ${onOff(leds.status)}, call ${onOff(leds.call)}`,
    `door         ${door.open ? "open" : "closed"}`,
  ].join("\n");
}

/** An event or log frame as monitor's JSON line (protocol 4: binary, docs/serial-agent.md). */
function frameBody(f: Frame): Record<string, unknown> {
  return f.cmd === Cmd.Log ? { ...decodeLog(f.payload) } : eventJsonLine(f.payload);
}

function eventLine(f: Frame, lost: number): string {
  const body = frameBody(f);
  const gap = lost > 0 ? `(${lost} event${lost > 1 ? "s" : ""} lost)\n` : "";
  if (f.cmd === Cmd.Log) return `${gap}log ${["error", "warning", "info"][Number(body.level)] ?? body.level}: ${body.text}`;
  const { event, notice, ...rest } = body;
  const details = Object.entries(rest).map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : v}`).join(" ");
  return `${gap}${event ?? notice}${details ? ` ${details}` : ""}`;
}

async function monitor(port: string, o: LinkOpts & { for?: number }): Promise<void> {
  await withBoard(port, o, async (c) => {
    if (!o.json) console.log(`Monitoring ${c.info.board} on ${port} (Ctrl-C to stop)`);
    let last = -1;
    c.link.events.on("event", (f) => {
      const lost = last < 0 ? 0 : (f.seq - last - 1 + 256) % 256;
      last = f.seq;
      if (f.cmd !== Cmd.Log && f.cmd !== Cmd.Event) return; // no other kind of frame comes unasked in protocol 4
      const body = frameBody(f);
      const kind = f.cmd === Cmd.Log ? "log" : "event";
      if (o.json) console.log(JSON.stringify({ kind, ...(lost ? { lost } : {}), ...body }));
      else console.log(eventLine(f, lost));
    });
    await c.monitor(true);
    await new Promise<void>((resolve) => {
      const stop = () => resolve();
      process.once("SIGINT", stop);
      process.once("SIGTERM", stop);
      if (o.for !== undefined) setTimeout(stop, o.for * 1000);
    });
    await c.monitor(false).catch(() => undefined);
  });
}

export function driveCommands(): Command[] {
  const press = linkOptions(new Command("press"))
    .description("press keys: 0-9 * # (several in a row, e.g. 1234#), button0..button7 or hangup")
    .argument("<port>", "serial port of the board")
    .argument("<key>", "the key(s)")
    .action(action(async (port: string, key: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        const pressed = await c.press(key);
        print(o, { pressed }, () => `Pressed ${key.length > 1 && /^[0-9*#]+$/.test(key) ? `${key.length} keys` : key}.`);
      })));
  const input = linkOptions(new Command("input"))
    .description("set input N (0: the door sensor, 1 open) to LEVEL 0 or 1")
    .argument("<port>", "serial port of the board")
    .argument("<n>", "input number", integer("N", 0, 15))
    .argument("<level>", "0 or 1", integer("LEVEL", 0, 1))
    .action(action(async (port: string, n: number, level: number, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        await c.input(n, level);
        print(o, { input: n, level }, () => `Input ${n} set to ${level}.`);
      })));
  const status = linkOptions(new Command("status"))
    .description("show the firmware, slots, configuration, registration, call, relays, LEDs and door")
    .argument("<port>", "serial port of the board")
    .action(action(async (port: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        const s = await c.status();
        print(o, { ...s }, () => statusText({ ...s }));
      })));
  const mon = linkOptions(new Command("monitor"))
    .description("stream the board's events, log lines and notices until Ctrl-C")
    .argument("<port>", "serial port of the board")
    .option("--for <seconds>", "stop after this many seconds", integer("--for", 1, 86400))
    .action(action(async (port: string, o: LinkOpts & { for?: number }) => monitor(port, o)));
  const reboot = linkOptions(new Command("reboot"))
    .description("restart the board (it boots its active slot)")
    .argument("<port>", "serial port of the board")
    .action(action(async (port: string, o: LinkOpts) =>
      withBoard(port, o, async (c) => {
        await c.request(Cmd.Reboot);
        const info = await c.hello({ timeoutMs: 500, retries: 20 });
        print(o, { firmware: info.firmware }, () => `Rebooted: ${info.firmware ? `${info.firmware.version} from slot ${info.firmware.slot}` : "no firmware running"}.`);
      })));
  const ports = new Command("ports")
    .description("list the serial ports of this computer")
    .option("--json", "print JSON")
    .action(action(async (o: { json?: boolean }) => {
      const list = await listPorts();
      print(o, { ports: list }, () => (list.length ? list.map((p) => [p.path, p.manufacturer, p.serialNumber ?? p.driver].filter(Boolean).join("  ")).join("\n") : "No serial ports found."));
    }));
  return [ports, press, input, status, mon, reboot];
}
