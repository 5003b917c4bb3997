// What handles the outcome of each request the user agent sends. A client
// transaction keeps the handler and its argument its request was sent with
// (txn/table.ts); the engine (engine.ts) hands every response and every
// timeout to that handler, in one dispatch. An INVITE server transaction the
// UA took as a call is handled by that call (the TU's deadline, server.ts).

/** Handler kinds (0, none, is txn/table.ts NO_HANDLER). */
export enum Handler {
  None = 0,
  /** A request of a call: INVITE, re-INVITE, CANCEL, PRACK, BYE, INFO, UPDATE, a REFER's NOTIFY (arg: the call). */
  Call = 1,
  /** A NOTIFY of a dialog-state subscription (arg: its slot and generation, subscriptions.ts). */
  Notify = 2,
  /** The MESSAGE of pager.ts (arg: REQUEST_MESSAGE). */
  Pager = 3,
  /** The PUBLISH of publish.ts (arg: REQUEST_PUBLISH). */
  Publish = 4,
  /** A REGISTER or an OPTIONS keepalive of register.ts (arg: which request, below). */
  Outside = 5,
}

// The requests sent outside any call, as UA_REQUEST_DONE names them in its
// `call` (the board ABI's uaEventCall, docs/board-abi.md): values the hosts
// see, kept stable. Calls are 0 to MAX_CALLS - 1, below all of them.

/** REGISTER (and its removal, Expires: 0). */
export const REQUEST_REGISTER = 100;
/** OPTIONS keepalive through the registrar in use. */
export const REQUEST_OPTIONS = 101;
/** OPTIONS to the primary registrar while on the backup (to learn when to go back). */
export const REQUEST_OPTIONS_PRIMARY = 102;
/** MESSAGE (an alarm). */
export const REQUEST_MESSAGE = 103;
/** PUBLISH (presence). */
export const REQUEST_PUBLISH = 104;
