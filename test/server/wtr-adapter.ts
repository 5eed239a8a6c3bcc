// STUB: replaced by the local API work (issue 2).
export function kalturaTestServer() {
  return {
    middleware: async (_ctx: unknown, next: () => Promise<void>) => next(),
    plugin: { name: 'kaltura-api', executeCommand: () => undefined },
  };
}
