// Serial ports on this computer (`intercom ports`): serialport's list (udev
// on Linux), or, where udev cannot be asked (containers, minimal systems),
// the tty devices that have a driver behind them in /sys/class/tty.
import { existsSync, readdirSync, readlinkSync, realpathSync } from "node:fs";
import path from "node:path";
import { SerialPort } from "serialport";

export interface PortInfo {
  path: string;
  manufacturer?: string;
  serialNumber?: string;
  vendorId?: string;
  productId?: string;
  driver?: string;
}

function fromSysfs(): PortInfo[] {
  const base = "/sys/class/tty";
  if (!existsSync(base)) return [];
  return readdirSync(base)
    .filter((name) => existsSync(path.join(base, name, "device", "driver")))
    .map((name) => ({ path: `/dev/${name}`, driver: path.basename(readlinkSync(path.join(base, name, "device", "driver"))) }))
    // Legacy 8250 UARTs are listed whether or not anything is wired to them; USB and platform UARTs are real.
    .filter((p) => p.driver !== "serial8250" && existsSync(p.path));
}

/** USB-serial adapters and UARTs, plus the by-id links that name them stably. */
export async function listPorts(): Promise<PortInfo[]> {
  let ports: PortInfo[];
  try {
    ports = (await SerialPort.list()).map((p) => ({ path: p.path, manufacturer: p.manufacturer, serialNumber: p.serialNumber, vendorId: p.vendorId, productId: p.productId }));
  } catch {
    ports = fromSysfs();
  }
  const byId = "/dev/serial/by-id";
  if (existsSync(byId)) {
    for (const link of readdirSync(byId)) {
      const target = realpathSync(path.join(byId, link));
      const p = ports.find((x) => x.path === target);
      if (p) p.serialNumber ??= link;
    }
  }
  return ports.sort((a, b) => a.path.localeCompare(b.path));
}
