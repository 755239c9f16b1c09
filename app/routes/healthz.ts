import { checkHealth } from "~/models/health.server";

/** For load balancers and monitoring: 200 when the app can serve, 503 when not. No login, no personal data. */
export async function loader() {
  const health = await checkHealth();
  return new Response(JSON.stringify(health), {
    status: health.ok ? 200 : 503,
    headers: { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" },
  });
}
