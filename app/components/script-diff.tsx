import { useTranslation } from "react-i18next";
import type { ContentField, LineDiff } from "~/domain/script-rules";

/** The changes between two versions of a script, field by field, lines and characters marked. */
export function ScriptDiff({ diff }: { diff: { field: ContentField; lines: LineDiff[] }[] }) {
  const { t } = useTranslation("scripts");
  if (diff.length === 0) return <p className="muted">{t("history.noChanges")}</p>;
  return (
    <div className="script-diff">
      {diff.map(({ field, lines }) => (
        <section key={field}>
          <h4>{t(`fields.${field}`)}</h4>
          <div className="diff-lines">
            {lines.map((line, i) =>
              line.type === "change" ? (
                <div key={i} className="diff-line change">
                  <span className="diff-mark" aria-hidden="true">
                    ~
                  </span>
                  {line.parts.map((part, j) =>
                    part.type === "same" ? (
                      <span key={j}>{part.text}</span>
                    ) : part.type === "del" ? (
                      <del key={j}>{part.text}</del>
                    ) : (
                      <ins key={j}>{part.text}</ins>
                    ),
                  )}
                </div>
              ) : (
                <div key={i} className={`diff-line ${line.type}`}>
                  <span className="diff-mark" aria-hidden="true">
                    {line.type === "add" ? "+" : line.type === "del" ? "−" : " "}
                  </span>
                  {line.type === "add" ? (
                    <ins>{line.text}</ins>
                  ) : line.type === "del" ? (
                    <del>{line.text}</del>
                  ) : (
                    <span>{line.text}</span>
                  )}
                </div>
              ),
            )}
          </div>
        </section>
      ))}
    </div>
  );
}
