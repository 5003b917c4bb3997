/* Board ABI 5 streams (docs/transports.md), native board: not yet here. Each import answers as a board
 * without TCP (streamOpen -1, streamSend -1), so the module links and the station stays on UDP. The
 * board's sockets replace this file. */
#include "native.h"

u32 Z_boardZ_streamOpen(struct Z_board_instance_t* b, u32 peer, u32 secure, u32 name, u32 name_len) {
  (void)b, (void)peer, (void)secure, (void)name, (void)name_len;
  return (u32)-1;
}

u32 Z_boardZ_streamSend(struct Z_board_instance_t* b, u32 handle, u32 data, u32 len) {
  (void)b, (void)handle, (void)data, (void)len;
  return (u32)-1;
}

void Z_boardZ_streamClose(struct Z_board_instance_t* b, u32 handle) {
  (void)b, (void)handle;
}
