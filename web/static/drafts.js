/* The drafting studio: planprogram and workshop forms → drafting API → sections. */
"use strict";

(() => {
  const { t, el, request, detail, blocks, citeNumbers, sourceLabel } = window.PA;
  const result = document.getElementById("draft-result");
  const progress = document.getElementById("draft-progress");
  const status = document.getElementById("draft-status");

  function busy(message) {
    progress.hidden = !message;
    status.classList.remove("error");
    status.textContent = message || "";
  }

  function fail(message) {
    progress.hidden = true;
    status.classList.add("error");
    status.textContent = t("error", { detail: message });
  }

  function renderSection(draft, section, byN) {
    const id = `section-${section.key}`;
    const article = el("article", { class: "draft-section card", id, "aria-labelledby": `${id}-title` },
      el("h3", { id: `${id}-title`, tabindex: "-1", text: section.title }),
      el("div", { class: "md" }, blocks(section.markdown, null)));
    if (section.notice) article.append(el("p", { class: "notice", text: section.notice }));
    const used = citeNumbers(section.markdown).filter((n) => byN.has(n));
    article.append(el("h4", { text: t("sources") }));
    if (used.length) {
      article.append(el("ul", { class: "sources" },
        ...used.map((n) => el("li", { text: `[${n}] ${sourceLabel(byN.get(n))}` }))));
    } else article.append(el("p", { class: "muted", text: t("no_sources") }));
    const edit = el("details", { class: "edit" },
      el("summary", { text: t("edit") }),
      el("label", { for: `${id}-edit`, text: section.title }),
      el("p", { class: "hint", id: `${id}-hint`, text: t("edit_hint") }),
      el("textarea", { id: `${id}-edit`, rows: "10", "aria-describedby": `${id}-hint` }));
    edit.querySelector("textarea").value = section.markdown;
    article.append(edit);
    if (draft.kind === "planprogram") {
      const again = el("button", { type: "button", text: t("regenerate") });
      again.addEventListener("click", () => regenerate(draft.id, section.key, again));
      article.append(el("div", { class: "actions" }, again));
    }
    return article;
  }

  function render(draft, focusKey) {
    const byN = new Map(draft.citations.map((c) => [c.n, c]));
    const base = `/v1/drafts/${encodeURIComponent(draft.id)}/export?format=`;
    result.replaceChildren(
      el("h2", { id: "draft-title", tabindex: "-1", text: draft.title }),
      el("div", { class: "actions downloads" },
        el("a", { class: "button primary", href: `${base}docx`, download: `utkast-${draft.id}.docx`, text: t("download_docx") }),
        el("a", { class: "button", href: `${base}md`, download: `utkast-${draft.id}.md`, text: t("download_md") })));
    if (draft.notices.length) {
      result.append(el("h3", { text: t("notices") }),
        el("ul", { class: "notice" }, ...draft.notices.map((n) => el("li", { text: n }))));
    }
    draft.sections.forEach((section) => result.append(renderSection(draft, section, byN)));
    if (draft.open_points.length) {
      result.append(el("h3", { text: t("open_points") }),
        el("ul", {}, ...draft.open_points.map((p) => el("li", { text: p }))));
    }
    result.hidden = false;
    const target = focusKey ? document.getElementById(`section-${focusKey}-title`) : document.getElementById("draft-title");
    if (target) target.focus();
  }

  async function post(url, body, focusKey) {
    busy(focusKey ? t("regenerating") : t("drafting"));
    try {
      const answer = await request(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: body === null ? undefined : JSON.stringify(body),
      });
      if (!answer.ok) { fail(detail(answer.body, answer.status)); return; }
      busy("");
      status.textContent = t("draft_done");
      render(answer.body, focusKey);
    } catch (e) {
      fail(t("network_error"));
    }
  }

  function regenerate(draftId, key, button) {
    button.disabled = true;
    post(`/v1/drafts/${encodeURIComponent(draftId)}/sections/${encodeURIComponent(key)}`, null, key)
      .finally(() => { button.disabled = false; });
  }

  document.getElementById("planprogram-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    post("/v1/drafts/planprogram", {
      kommune: form.get("kommune"),
      plantype: form.get("plantype"),
      tema: form.get("tema"),
      periode: form.get("periode"),
      language: form.get("language"),
      sections: form.getAll("sections"),
    });
  });

  document.getElementById("workshop-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    post("/v1/drafts/workshop", {
      audience: form.get("audience"),
      tema: form.get("tema"),
      hours: Number.parseFloat(form.get("hours")),
      start: form.get("start"),
      language: form.get("language"),
    });
  });
})();
