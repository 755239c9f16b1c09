/**
 * Placed on the waiver request list (/staff/waivers): the link to the batches for the card
 * companies, and the export menu for the requests, carrying the list's filters (status, company;
 * the incident is the current one, as on the list).
 */
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ExportLinks } from "./export-links";

export function WaiverBatchLink() {
  const { t } = useTranslation("batches");
  return (
    <div className="inline-form waiver-batch-link">
      <Link to="/staff/waivers/batches" data-testid="waiver-batches-link">
        {t("linkFromList")}
      </Link>
      <ExportLinks kind="waivers" />
    </div>
  );
}
