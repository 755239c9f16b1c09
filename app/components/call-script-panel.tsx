/**
 * The branching call script an agent reads from during a call.
 *
 * - The current step is in the URL (?step=call.identity), the steps walked so far in ?trail=,
 *   so every move is a plain link: it works without JavaScript, the back button of the browser
 *   works, and a supervisor can be sent a link to the exact step.
 * - Other search parameters of the page are kept, so the desk can embed the panel next to its
 *   own URL state (lookup, contact form).
 * - With JavaScript, the number keys 1-9 choose a branch while focus is inside the panel (not
 *   while typing in a field).
 */
import { Link, useLocation, useNavigate } from "@remix-run/react";
import { useEffect, useRef } from "react";
import type { KeyboardEvent, ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { CallScripts, CallStep } from "~/domain/script-rules";

export type CallScriptPanelProps = {
  /** From loadCallScripts({ incidentId, locale }) in the loader. */
  scripts: CallScripts;
  /** Search parameter for the current step. Default "step". */
  stepParam?: string;
  /** Search parameter for the steps walked so far (for "back"). Default "trail". */
  trailParam?: string;
  /** Extra content under the text of a step, e.g. the desk's waiver form link under call.waiver-take. */
  renderExtra?: (step: CallStep) => ReactNode;
  /** Heading level of the step title. Default 2. */
  headingLevel?: 2 | 3;
};

const MAX_TRAIL = 30;

/** Where the panel is, from the URL: a known step (else the start) and the trail of known steps. */
export function readPanelState(search: string, scripts: CallScripts, stepParam = "step", trailParam = "trail") {
  const params = new URLSearchParams(search);
  const wanted = params.get(stepParam) ?? "";
  const step = scripts.steps[wanted] ? wanted : scripts.start;
  const trail = (params.get(trailParam) ?? "")
    .split(",")
    .filter((k) => k !== "" && scripts.steps[k] !== undefined)
    .slice(-MAX_TRAIL);
  return { step, trail };
}

function hrefFor(pathname: string, search: string, stepParam: string, trailParam: string, step: string, trail: string[]) {
  const params = new URLSearchParams(search);
  params.set(stepParam, step);
  if (trail.length) params.set(trailParam, trail.slice(-MAX_TRAIL).join(","));
  else params.delete(trailParam);
  return `${pathname}?${params.toString()}`;
}

/** Paragraphs split at blank lines; guidance for the agent (【...】 or [Agent: ...]) is set apart. */
function ScriptText({ text, lang }: { text: string; lang: string }) {
  const paragraphs = text.split(/\n{2,}/).filter((p) => p.trim() !== "");
  return (
    <div className="script-text" lang={lang}>
      {paragraphs.map((para, i) => {
        const guidance = /^\s*(【|\[Agent:)/.test(para);
        const lines = para.split("\n");
        return (
          <p key={i} className={guidance ? "script-guidance" : undefined}>
            {lines.map((line, j) => (
              <span key={j}>
                {j > 0 ? <br /> : null}
                {line}
              </span>
            ))}
          </p>
        );
      })}
    </div>
  );
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
}

export function CallScriptPanel({
  scripts,
  stepParam = "step",
  trailParam = "trail",
  renderExtra,
  headingLevel = 2,
}: CallScriptPanelProps) {
  const { t } = useTranslation("scripts");
  const location = useLocation();
  const navigate = useNavigate();
  const panelRef = useRef<HTMLElement>(null);
  const { step: stepKey, trail } = readPanelState(location.search, scripts, stepParam, trailParam);
  const step = scripts.steps[stepKey];
  const lang = scripts.locale;
  const other = lang === "ja" ? "en" : "ja";
  const go = (next: string) => hrefFor(location.pathname, location.search, stepParam, trailParam, next, [...trail, stepKey]);
  const branchHrefs = (step?.branches ?? []).slice(0, 9).map((b) => go(b.next));
  const backHref = trail.length
    ? hrefFor(location.pathname, location.search, stepParam, trailParam, trail[trail.length - 1]!, trail.slice(0, -1))
    : null;

  // After moving to another step, keep the keyboard in the panel (the clicked link is gone).
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const active = document.activeElement;
    if (!active || active === document.body || panelRef.current?.contains(active))
      panelRef.current?.focus({ preventScroll: true });
  }, [stepKey]);

  function onKeyDown(event: KeyboardEvent<HTMLElement>) {
    if (event.altKey || event.ctrlKey || event.metaKey || isTypingTarget(event.target)) return;
    if (!/^[1-9]$/.test(event.key)) return;
    const href = branchHrefs[Number(event.key) - 1];
    if (!href) return;
    event.preventDefault();
    navigate(href, { preventScrollReset: true });
  }

  const Heading = headingLevel === 2 ? "h2" : "h3";

  if (!step) {
    return (
      <section className="call-panel card" aria-label={t("panel.label")}>
        <p className="notice warn">{t("panel.noScripts")}</p>
      </section>
    );
  }

  return (
    // The panel takes focus (tabIndex -1) so the number keys work after a click anywhere in it.
    <section
      className="call-panel card"
      aria-label={t("panel.label")}
      tabIndex={-1}
      ref={panelRef}
      onKeyDown={onKeyDown}
      data-step={step.key}
    >
      <div className="call-panel-escalations" role="group" aria-label={t("panel.escalations")}>
        <span className="muted">{t("panel.escalations")}:</span>
        {scripts.escalations.map((e) => (
          <Link
            key={e.key}
            to={go(e.key)}
            preventScrollReset
            className={`button secondary escalation${e.key === step.key ? " current" : ""}`}
            aria-current={e.key === step.key ? "step" : undefined}
            data-escalation={e.kind}
          >
            {t(`panel.escalation.${e.kind}`)}
          </Link>
        ))}
      </div>

      <Heading className="call-panel-title" lang={lang}>
        {step.title[lang]} <span className="muted call-panel-version">{t("panel.version", { version: step.version })}</span>
      </Heading>

      {step.mustNotSay && step.mustNotSay[lang].trim() !== "" ? (
        <div className="notice error call-panel-must-not-say" role="note">
          <strong>{t("panel.mustNotSay")}</strong>
          <ScriptText text={step.mustNotSay[lang]} lang={lang} />
        </div>
      ) : null}

      <ScriptText text={step.body[lang]} lang={lang} />

      {renderExtra ? renderExtra(step) : null}

      {step.branches.length ? (
        <nav aria-label={t("panel.next")}>
          <p className="call-panel-next-label">
            {t("panel.next")} <span className="muted">{t("panel.keysHint")}</span>
          </p>
          <ol className="call-panel-branches">
            {step.branches.map((b, i) => (
              <li key={`${step.key}-${i}`}>
                <Link to={go(b.next)} preventScrollReset className="button" data-next={b.next}>
                  {i < 9 ? <kbd>{i + 1}</kbd> : null} <span lang={lang}>{b.label[lang]}</span>
                </Link>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}

      <p className="call-panel-moves">
        {backHref ? (
          <Link to={backHref} preventScrollReset className="button secondary" rel="prev">
            {t("panel.back")}
          </Link>
        ) : null}{" "}
        {step.key !== scripts.start ? (
          <Link
            to={hrefFor(location.pathname, location.search, stepParam, trailParam, scripts.start, [])}
            preventScrollReset
            className="button secondary"
          >
            {t("panel.restart")}
          </Link>
        ) : null}
      </p>

      <details className="call-panel-other-language">
        <summary>{t("panel.otherLanguage", { language: t(`panel.languageName.${other}`) })}</summary>
        <div lang={other}>
          <p>
            <strong>{step.title[other]}</strong>
          </p>
          {step.mustNotSay && step.mustNotSay[other].trim() !== "" ? (
            <div className="notice error">
              <strong>{t("panel.mustNotSay")}</strong>
              <ScriptText text={step.mustNotSay[other]} lang={other} />
            </div>
          ) : null}
          <ScriptText text={step.body[other]} lang={other} />
          {step.branches.length ? (
            <ol>
              {step.branches.map((b, i) => (
                <li key={i}>{b.label[other]}</li>
              ))}
            </ol>
          ) : null}
        </div>
      </details>
    </section>
  );
}
