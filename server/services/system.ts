// Service `system` (SystemService.php): `ping` and `getTime`, both without a KS (`@ksIgnored`, no
// partner required). A health check that costs nothing, so a client (or a test) can tell the
// server still answers while other requests keep it busy.
import type { ServiceDef } from '../core/service.ts';

export const systemService: ServiceDef = {
  ping: {
    params: [],
    ksIgnored: true,
    async run() {
      return true;
    },
  },

  gettime: {
    params: [],
    ksIgnored: true,
    async run() {
      return Math.floor(Date.now() / 1000);
    },
  },
};
