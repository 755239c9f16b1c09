/**
 * Server rendering, in the request's language (the shared i18next instance of that language, see
 * app/utils/i18n.server.ts), with the per-request CSP nonce on every script Remix writes.
 */
import { PassThrough, Transform } from "node:stream";
import { createReadableStreamFromReadable } from "@remix-run/node";
import type { AppLoadContext, EntryContext } from "@remix-run/node";
import { RemixServer } from "@remix-run/react";
import { isbot } from "isbot";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider } from "react-i18next";
import { getLocale, i18nInstance } from "./utils/i18n.server";
import { NonceContext } from "./components/nonce";

// Answered before Remix by app/server.ts (it reaches this module through the server build).
export { answerSelfCheckFlood } from "./utils/self-check-flood.server";

const ABORT_DELAY = 5_000;

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const instance = await i18nInstance(await getLocale(request));
  const nonce = typeof loadContext.cspNonce === "string" ? loadContext.cspNonce : undefined;
  const waitForAll = isbot(request.headers.get("user-agent") ?? "") || remixContext.isSpaMode;

  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceContext.Provider value={nonce}>
        <I18nextProvider i18n={instance}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceContext.Provider>,
      {
        nonce,
        [waitForAll ? "onAllReady" : "onShellReady"]() {
          shellRendered = true;
          const body = new PassThrough();
          responseHeaders.set("Content-Type", "text/html; charset=utf-8");
          resolve(
            new Response(createReadableStreamFromReadable(body.pipe(dropZeroBytes())), {
              headers: responseHeaders,
              status: responseStatusCode,
            }),
          );
          pipe(body);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          if (shellRendered) console.error(error);
        },
      },
    );
    setTimeout(abort, ABORT_DELAY);
  });
}

/**
 * React 18.3's streaming renderer can leave 0x00 bytes at the end of its
 * internal 2 KB chunks when they end inside multi-byte text, so Japanese pages
 * showed "�" at random places (facebook/react#24985, fixed only in React 19).
 * Valid UTF-8 HTML never contains a zero byte, so removing them is safe.
 */
function dropZeroBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, withoutZeroBytes(chunk));
    },
  });
}

/** The chunk without its 0x00 bytes: the runs between them are copied whole, not byte by byte. */
export function withoutZeroBytes(chunk: Buffer): Buffer {
  let zero = chunk.indexOf(0);
  if (zero === -1) return chunk;
  const parts: Buffer[] = [];
  let start = 0;
  while (zero !== -1) {
    if (zero > start) parts.push(chunk.subarray(start, zero));
    start = zero + 1;
    zero = chunk.indexOf(0, start);
  }
  if (start < chunk.length) parts.push(chunk.subarray(start));
  return Buffer.concat(parts);
}

export function handleError(error: unknown, { request }: { request: Request }) {
  if (request.signal.aborted) return;
  // Log the error without the request body or query (they may hold personal data).
  const path = new URL(request.url).pathname;
  console.error(JSON.stringify({ level: "error", path, error: error instanceof Error ? error.stack : String(error) }));
}
