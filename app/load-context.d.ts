import "@remix-run/node";

declare module "@remix-run/node" {
  interface AppLoadContext {
    cspNonce?: string;
    /** Waits until the HTTP response can take more data: true, or false when the client has gone (app/server.ts). Used by streamed exports. */
    waitForDrain?: () => Promise<boolean>;
  }
  interface Future {
    v3_singleFetch: true;
  }
}
