// A transport address: 16 address octets (IPv6, or IPv4 mapped as
// ::ffff:a.b.c.d) and a port, 18 octets in all. The host writes the source of
// each received datagram into RX_PEER; outgoing datagrams carry their
// destination in the same form.

export const PEER_SIZE: usize = 18;

/** The source of the datagram in the receive buffer. */
export const RX_PEER: usize = memory.data(<i32>PEER_SIZE);

export function copyPeer(dst: usize, src: usize): void {
  for (let i: usize = 0; i < PEER_SIZE; i++) store<u8>(dst + i, load<u8>(src + i));
}

export function samePeer(a: usize, b: usize): bool {
  for (let i: usize = 0; i < PEER_SIZE; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

/** Whether peers a and b have the same address, whatever their ports. */
export function sameAddress(a: usize, b: usize): bool {
  for (let k: usize = 0; k < 16; k += 4) if (load<u32>(a + k) != load<u32>(b + k)) return false;
  return true;
}

/** Writes an IPv4 address (a.b.c.d as a big-endian u32) and port into `dst`. */
export function setPeerIPv4(dst: usize, addr: u32, port: u32): void {
  for (let i: usize = 0; i < 10; i++) store<u8>(dst + i, 0);
  store<u8>(dst + 10, 0xff);
  store<u8>(dst + 11, 0xff);
  store<u8>(dst + 12, <u8>(addr >>> 24));
  store<u8>(dst + 13, <u8>(addr >>> 16));
  store<u8>(dst + 14, <u8>(addr >>> 8));
  store<u8>(dst + 15, <u8>addr);
  store<u8>(dst + 16, <u8>(port >>> 8));
  store<u8>(dst + 17, <u8>port);
}

/** Sets the port of the peer at `dst` (its address untouched). */
export function setPeerPort(dst: usize, port: u32): void {
  store<u8>(dst + 16, <u8>(port >>> 8));
  store<u8>(dst + 17, <u8>port);
}

export function peerPort(p: usize): u32 {
  return (<u32>load<u8>(p + 16) << 8) | <u32>load<u8>(p + 17);
}
