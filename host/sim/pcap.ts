// A run's traffic as a capture file Wireshark and tshark open: the classic
// libpcap format (microsecond timestamps), link type RAW (101): each record
// is an IPv4 header and a UDP header built here around the SIP datagram.
import { openSync, writeSync, closeSync } from "node:fs";
import type { Address } from "../sip-engine.js";
import { ipv4Octets } from "../address.js";

export const LINKTYPE_RAW = 101;
const MAGIC = 0xa1b2c3d4; // microsecond resolution
const SNAPLEN = 65535;
const IP_HEADER = 20;
const UDP_HEADER = 8;

/** The 16-bit one's complement of the one's complement sum of `b` (RFC 1071). */
export function internetChecksum(b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < b.length; i += 2) sum += (b[i] << 8) | (i + 1 < b.length ? b[i + 1] : 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return ~sum & 0xffff;
}

/** One IPv4 packet carrying `data` in UDP from `from` to `to` (TTL 64, DF, identification `id`). */
export function ipv4Udp(from: Address, to: Address, data: Uint8Array, id: number): Buffer {
  const udpLength = UDP_HEADER + data.length;
  const total = IP_HEADER + udpLength;
  if (total > 0xffff) throw new Error(`pcap: datagram of ${data.length} octets does not fit in one IPv4 packet`);
  const p = Buffer.alloc(total);
  p[0] = 0x45; // version 4, header length 5 words
  p.writeUInt16BE(total, 2);
  p.writeUInt16BE(id & 0xffff, 4);
  p.writeUInt16BE(0x4000, 6); // don't fragment
  p[8] = 64;
  p[9] = 17; // UDP
  p.set(ipv4Octets(from.host, "pcap: from.host"), 12);
  p.set(ipv4Octets(to.host, "pcap: to.host"), 16);
  p.writeUInt16BE(internetChecksum(p.subarray(0, IP_HEADER)), 10);
  p.writeUInt16BE(from.port, 20);
  p.writeUInt16BE(to.port, 22);
  p.writeUInt16BE(udpLength, 24);
  p.set(data, 28);
  // UDP checksum over the pseudo-header (addresses, protocol, length) and the segment; 0 goes out as 0xffff.
  const pseudo = Buffer.alloc(12 + udpLength);
  p.copy(pseudo, 0, 12, 20);
  pseudo[9] = 17;
  pseudo.writeUInt16BE(udpLength, 10);
  p.copy(pseudo, 12, 20);
  p.writeUInt16BE(internetChecksum(pseudo) || 0xffff, 26);
  return p;
}

/** The 24-octet file header (little-endian, as libpcap writes it on x86). */
export function pcapHeader(linktype = LINKTYPE_RAW): Buffer {
  const h = Buffer.alloc(24);
  h.writeUInt32LE(MAGIC, 0);
  h.writeUInt16LE(2, 4);
  h.writeUInt16LE(4, 6);
  h.writeInt32LE(0, 8); // thiszone
  h.writeUInt32LE(0, 12); // sigfigs
  h.writeUInt32LE(SNAPLEN, 16);
  h.writeUInt32LE(linktype, 20);
  return h;
}

/** One record: a 16-octet header (seconds, microseconds, captured and original length) and the packet. */
export function pcapRecord(packet: Uint8Array, timeMs: number): Buffer {
  const us = Math.max(0, Math.round(timeMs * 1000));
  const r = Buffer.alloc(16 + packet.length);
  r.writeUInt32LE(Math.floor(us / 1_000_000), 0);
  r.writeUInt32LE(us % 1_000_000, 4);
  r.writeUInt32LE(packet.length, 8);
  r.writeUInt32LE(packet.length, 12);
  r.set(packet, 16);
  return r;
}

/** Writes a capture as the run goes: a record per datagram, flushed at once (a crash keeps what was seen). */
export class PcapWriter {
  private fd: number | null;
  private id = 0;
  count = 0;

  constructor(readonly file: string) {
    this.fd = openSync(file, "w");
    writeSync(this.fd, pcapHeader());
  }

  /** A datagram `from` → `to` sent at `timeMs` (milliseconds since the run started). */
  add(from: Address, to: Address, data: Uint8Array, timeMs: number): void {
    if (this.fd === null) throw new Error(`pcap: ${this.file} is closed`);
    writeSync(this.fd, pcapRecord(ipv4Udp(from, to, data, ++this.id), timeMs));
    this.count++;
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
