/** Every unknown URL: a 404 in the visitor's language (rendered by the root error page). */
export async function loader() {
  throw new Response("Not Found", { status: 404, statusText: "Not Found" });
}

export default function NotFound() {
  return null;
}
