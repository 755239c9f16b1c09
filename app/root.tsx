import { data } from "@remix-run/node";
import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import {
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { useNonce } from "./components/nonce";
import { fallbackLng, isLocale } from "./i18n";
import type { Locale } from "./i18n";
import styles from "./styles/app.css";
import { getCsrfToken } from "./utils/csrf.server";
import { getLocale } from "./utils/i18n.server";
import { getSessionUser } from "./utils/session.server";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: styles },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Madoguchi 窓口" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [locale, csrf, user] = await Promise.all([getLocale(request), getCsrfToken(request), getSessionUser(request)]);
  const headers = new Headers();
  if (csrf.setCookie) headers.append("Set-Cookie", csrf.setCookie);
  return data(
    {
      locale,
      csrf: csrf.token,
      user: user ? { id: user.id, name: user.name, email: user.email, role: user.role } : null,
    },
    { headers },
  );
}

export type RootData = {
  locale: Locale;
  csrf: string;
  user: { id: string; name: string; email: string; role: string } | null;
};

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<RootData>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRootData();
  const nonce = useNonce();
  const { i18n } = useTranslation();
  // Without root data (its loader failed, e.g. the database is down) the request's language still applies.
  const locale = root?.locale ?? (isLocale(i18n.language) ? i18n.language : fallbackLng);
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const root = useRootData();
  useChangeLanguage(root?.locale ?? fallbackLng);
  // Marks the page as interactive (browser tests wait for it before using JavaScript-only widgets).
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
  return <Outlet />;
}

/** 403, 404, 429 and 500 pages, in the visitor's language. */
export function ErrorBoundary() {
  const error = useRouteError();
  const { t } = useTranslation();
  let title = t("errors.serverTitle");
  let body = t("errors.serverBody");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    if (error.status === 404) {
      title = t("errors.notFoundTitle");
      body = t("errors.notFoundBody");
    } else if (error.status === 403 && error.statusText === "CSRF check failed") {
      title = t("errors.csrfTitle");
      body = t("errors.csrfBody");
    } else if (error.status === 403) {
      title = t("errors.forbiddenTitle");
      body = t("errors.forbiddenBody");
    } else if (error.status === 429) {
      title = t("errors.rateLimitedTitle");
      body = typeof error.data === "string" ? error.data : body;
    } else if (error.status === 503) {
      title = t("errors.databaseTitle");
      body = t("errors.databaseBody");
    }
  }
  return (
    <main className="error-page" id="main">
      <p className="error-status">{status}</p>
      <h1>{title}</h1>
      <p>{body}</p>
      <p>
        <a href="/">{t("errors.backHome")}</a>
      </p>
    </main>
  );
}
