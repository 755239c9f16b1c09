import { useRouteLoaderData } from "@remix-run/react";

/** The hidden CSRF token every form must carry (checked by readForm in the action). */
export function CsrfField() {
  const data = useRouteLoaderData<{ csrf: string }>("root");
  return <input type="hidden" name="csrf" value={data?.csrf ?? ""} />;
}
