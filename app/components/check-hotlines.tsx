import { useTranslation } from "react-i18next";
import type { PublicHotline } from "~/utils/self-check.server";
import { HotlineCard } from "./hotline-card";

/** The self-check's "inquiry line" block: each hotline with its hours, or where to look instead. */
export function CheckHotlines({ hotlines }: { hotlines: PublicHotline[] }) {
  const { t } = useTranslation("check");
  return (
    <div className="check-hotlines">
      <h3>{t("hotline.title")}</h3>
      {hotlines.length > 0 ? (
        <div className="grid">
          {hotlines.map((h) => (
            <HotlineCard key={h.id} hotline={h} />
          ))}
        </div>
      ) : (
        <p>{t("hotline.none")}</p>
      )}
    </div>
  );
}

/**
 * The self-check's refusal (too many checks): the wait and the hotlines. The /check page and the
 * short page for flooding addresses (app/utils/self-check-flood.server.tsx) both show this.
 */
export function RateLimitedNotice({ minutes, hotlines }: { minutes: number; hotlines: PublicHotline[] }) {
  const { t } = useTranslation("check");
  return (
    <section className="card check-result" data-outcome="rate_limited" role="alert">
      <h2>{t("rateLimited.title")}</h2>
      <p>{t("rateLimited.body", { minutes })}</p>
      <CheckHotlines hotlines={hotlines} />
    </section>
  );
}
