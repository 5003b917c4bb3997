// The two fixed buffers of the SIP stack. Nothing is ever allocated: a
// datagram is written by the host into RX and parsed in place; messages are
// built into TX and handed to the host from there.

/** Largest datagram accepted; a larger one is answered 513 (RFC 3261 §21.5.7). */
export const RX_CAPACITY: i32 = 8192;
export const RX: usize = memory.data(RX_CAPACITY);

/** Room for one outgoing message. */
export const TX_CAPACITY: i32 = 4096;
export const TX: usize = memory.data(TX_CAPACITY);
