import { useTranslation } from "react-i18next";

/** The status of an import job as a badge. */
export function ImportStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation("imports");
  const tone =
    status === "done" ? "ok" : status === "failed" ? "danger" : status === "running" || status === "pending" ? "" : "warn";
  const label =
    status === "pending"
      ? t("status.pending")
      : status === "running"
        ? t("status.running")
        : status === "done"
          ? t("status.done")
          : status === "failed"
            ? t("status.failed")
            : t("status.interrupted");
  return <span className={`badge ${tone}`.trim()}>{label}</span>;
}
