/* Check my draft: upload a planprogram or planstrategi draft and show, section by section,
   what is covered, weak or missing; [n] opens the cited § or guidance passage. The report
   reaches the page as text only. */
"use strict";

(() => {
  const { t, el, request, detail, inline } = window.PA;
  const panel = window.PA.sourcePanel();
  const form = document.getElementById("check-form");
  const input = document.getElementById("check-file");
  const progress = document.getElementById("check-progress");
  const status = document.getElementById("check-status");
  const result = document.getElementById("check-result");
  const SUFFIXES = [".pdf", ".docx"];
  const maxBytes = Number(form.dataset.maxBytes);

  function say(text, kind) {
    status.className = kind || "";
    status.replaceChildren(text);
  }

  function sourceLine(source, citations) {
    const line = source.n ? `${source.label} [${source.n}]` : `${source.label} – ${t("check_not_indexed")}`;
    const cited = citations.get(source.n);
    return inline(line, cited ? (n, button) => panel.open(cited, `${source.quote || ""} [${n}]`, button) : null);
  }

  function item(entry, citations) {
    const li = el("li", { class: `check-item status-${entry.status}`, "data-key": entry.key },
      el("p", {}, el("strong", { class: "check-status", text: `${entry.status_label}: ` }), entry.requirement));
    if (entry.sources.length) {
      const basis = el("p", { class: "check-basis" }, `${t(`check_level_${entry.level}`)}: `);
      entry.sources.forEach((source, i) => {
        if (i) basis.append(", ");
        basis.append(sourceLine(source, citations));
      });
      li.append(basis);
    }
    for (const found of entry.found) {
      const where = [found.section, found.page ? `${t("page")} ${found.page}` : null].filter(Boolean).join(", ");
      li.append(el("p", { class: "check-found" }, `${t("check_found_in")} ${where || "–"}: `, el("q", { text: found.text })));
    }
    if (entry.advice) li.append(el("p", { class: "check-advice", text: entry.advice }));
    if (entry.status !== "covered") {
      for (const source of entry.sources.filter((s) => s.quote)) {
        const cited = citations.get(source.n);
        const text = `${source.label}: «${source.quote}» [${source.n}]`;
        li.append(el("p", { class: "check-quote" },
          inline(text, cited ? (n, button) => panel.open(cited, text, button) : null)));
      }
    }
    return li;
  }

  function show(report) {
    const citations = new Map(report.citations.map((c) => [c.n, c]));
    const parts = [el("h2", { text: report.filename }), el("p", { class: "check-summary", text: report.summary })];
    if (report.type_detected) parts.push(el("p", { class: "hint", text: t("check_type_detected") }));
    for (const section of report.sections) {
      parts.push(el("h3", { text: section.title }),
        el("ul", { class: "check-list" }, ...section.items.map((entry) => item(entry, citations))));
    }
    result.replaceChildren(...parts);
    result.hidden = false;
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    const problem = window.PA.fileProblem(file, SUFFIXES, maxBytes, form.dataset.limitMb, "check_bad_type");
    if (problem) {
      say(problem, "error");
      if (!file) input.focus();
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    progress.hidden = false;
    say(t("check_running"));
    try {
      const data = new FormData();
      data.append("file", file);
      const type = document.getElementById("check-type").value;
      if (type) data.append("type", type);
      data.append("language", document.documentElement.lang);
      const answer = await request("/v1/checks", { method: "POST", body: data });
      if (!answer.ok) {
        say(t("check_error", { file: file.name, detail: detail(answer.body, answer.status) }), "error");
        return;
      }
      say(answer.body.summary, "success");
      show(answer.body);
    } catch (e) {
      say(t("network_error"), "error");
    } finally {
      progress.hidden = true;
      button.disabled = false;
    }
  });
})();
