/**
 * HTTP load for the benchmark: autocannon (keep-alive connections, its own HTTP parser, HDR
 * histograms) in this process, with a body and headers made fresh for every request.
 */
import autocannon from "autocannon";

export type LoadResult = {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers by status code, e.g. {"200": 9000, "429": 3}. */
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
};

export type NextRequest = () => { body: string; headers?: Record<string, string> };

export async function runLoad({
  url,
  path,
  connections,
  seconds,
  amount,
  contentType,
  headers = {},
  next,
}: {
  url: string;
  path: string;
  connections: number;
  /** Run for this long… */
  seconds?: number;
  /** …or send exactly this many requests. */
  amount?: number;
  contentType: string;
  headers?: Record<string, string>;
  next: NextRequest;
}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: seconds ?? 10 }),
    timeout: 30,
    requests: [
      {
        method: "POST",
        path,
        setupRequest: (request) => {
          const made = next();
          return { ...request, body: made.body, headers: { ...headers, "content-type": contentType, ...made.headers } };
        },
      },
    ],
  });
  const statuses: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statuses[code] = (stat as { count: number }).count;
  const elapsedSeconds = Math.max(0.001, result.duration);
  const requests = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    requests,
    perSecond: Math.round(requests / elapsedSeconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}
