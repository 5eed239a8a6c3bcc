// Service `session` (SessionService.php): start only. The secret never belongs in a browser; the
// demo gets its KS from the dev server's /__dev/session, standing in for the integrator's backend.
import { enumType } from '../core/arguments.ts';
import type { ServiceDef } from '../core/service.ts';

const sessionTypeEnum = enumType('KalturaSessionType', [0, 2]);

export const sessionService: ServiceDef = {
  start: {
    ksIgnored: true,
    params: [
      { name: 'secret', type: 'string' },
      { name: 'userId', type: 'string', optional: true, default: '' },
      { name: 'type', type: sessionTypeEnum, optional: true, default: 0 },
      { name: 'partnerId', type: 'int', optional: true },
      { name: 'expiry', type: 'int', optional: true, default: 86400 },
      { name: 'privileges', type: 'string', optional: true },
    ],
    async run(ctx, args) {
      return ctx.server.sessions.start({
        secret: args.secret as string,
        userId: args.userId as string,
        type: args.type as number,
        partnerId: args.partnerId as number | null,
        expiry: args.expiry as number,
        privileges: args.privileges as string | null,
        trusted: ctx.trusted,
      });
    },
  },
};
