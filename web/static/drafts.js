/* The drafting studio: planprogram and workshop forms → drafting API → sections that can
   be edited (saved on the server as versions), regenerated, cited and reopened later. */
"use strict";

(() => {
  const { t, el, detail, blocks, citeNumbers, sourceLabel, when } = window.PA;
  const archive = window.PA.draftHistory;
  const sources = window.PA.sourcePanel();
  const result = document.getElementById("draft-result");
  const progress = document.getElementById("draft-progress");
  const status = document.getElementById("draft-status");
  const savedList = document.getElementById("saved-list");
  const PARAM = "utkast";
  let shownId = null;

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

  function said(message) {
    busy("");
    status.textContent = message;
  }

  function remember(draftId) {
    const url = new URL(window.location.href);
    if (draftId) url.searchParams.set(PARAM, draftId); else url.searchParams.delete(PARAM);
    window.history.replaceState(null, "", url);
  }

  function sourceList(section, byN) {
    const used = citeNumbers(section.markdown).filter((n) => byN.has(n));
    if (!used.length) return el("p", { class: "muted", text: t("no_sources") });
    return el("ul", { class: "sources" }, ...used.map((n) => {
      const button = el("button", { type: "button", class: "source-link", text: `[${n}] ${sourceLabel(byN.get(n))}` });
      button.addEventListener("click", () => sources.open(byN.get(n), section.markdown, button));
      return el("li", {}, button);
    }));
  }

  /* Text typed into a section but not saved yet, by section key. */
  function unsaved() {
    const typed = new Map();
    result.querySelectorAll("textarea[data-key]").forEach((area) => {
      if (area.value !== area.defaultValue) typed.set(area.dataset.key, area.value);
    });
    return typed;
  }

  function editor(draft, section, id, typed) {
    const area = el("textarea", { id: `${id}-edit`, rows: "10", "aria-describedby": `${id}-hint`, "data-key": section.key });
    area.defaultValue = section.markdown;
    const save = el("button", { type: "button", class: "primary", text: t("save_text") });
    save.addEventListener("click", () => saveEdit(draft, section.key, area, save));
    const box = el("details", { class: "edit" },
      el("summary", { text: t("edit") }),
      el("label", { for: `${id}-edit`, text: section.title }),
      el("p", { class: "hint", id: `${id}-hint`, text: t("edit_hint") }),
      area, el("div", { class: "actions" }, save));
    if (typed.has(section.key)) { area.value = typed.get(section.key); box.open = true; }
    return box;
  }

  function renderSection(draft, section, byN, typed) {
    const id = `section-${section.key}`;
    const onCite = (n, button) => { if (byN.has(n)) sources.open(byN.get(n), section.markdown, button); };
    const article = el("article", { class: "draft-section card", id, "aria-labelledby": `${id}-title` },
      el("h3", { id: `${id}-title`, tabindex: "-1", text: section.title }));
    if (section.edited_by) {
      article.append(el("p", { class: "muted edited",
        text: t("edited_by", { user: section.edited_by, time: when(section.edited_at) }) }));
    }
    article.append(el("div", { class: "md" }, blocks(section.markdown, onCite)));
    if (section.notice) article.append(el("p", { class: "notice", text: section.notice }));
    article.append(el("h4", { text: t("sources") }), sourceList(section, byN), editor(draft, section, id, typed));
    if (draft.kind !== "workshop") {  /* a planprogram or a planstrategi */
      const again = el("button", { type: "button", text: t("regenerate") });
      again.addEventListener("click", () => regenerate(draft, section, again));
      const actions = el("div", { class: "actions" }, again);
      if (section.edited_by) actions.append(el("p", { class: "hint", text: t("regenerate_keeps") }));
      article.append(actions);
    }
    return article;
  }

  /* Show a draft; text typed but not yet saved in any of its sections stays in its editor. */
  function render(draft, focusKey) {
    const typed = draft.id === shownId ? unsaved() : new Map();
    shownId = draft.id;
    const byN = new Map(draft.citations.map((c) => [c.n, c]));
    const base = `/v1/drafts/${encodeURIComponent(draft.id)}/export?format=`;
    sources.close();
    result.replaceChildren(
      el("h2", { id: "draft-title", tabindex: "-1", text: draft.title }),
      el("p", { class: "muted", text: t("saved_line", { version: draft.version, time: when(draft.updated) }) }),
      el("div", { class: "actions downloads" },
        el("a", { class: "button primary", href: `${base}docx`, download: `utkast-${draft.id}.docx`, text: t("download_docx") }),
        el("a", { class: "button", href: `${base}md`, download: `utkast-${draft.id}.md`, text: t("download_md") })),
      archive.versions(draft, (restored, from) => {
        show(restored);
        said(t("restored", { from, version: restored.version }));
      }, fail));
    if (draft.notices.length) {
      result.append(el("h3", { text: t("notices") }),
        el("ul", { class: "notice" }, ...draft.notices.map((n) => el("li", { text: n }))));
    }
    draft.sections.forEach((section) => result.append(renderSection(draft, section, byN, typed)));
    if (draft.open_points.length) {
      result.append(el("h3", { text: t("open_points") }),
        el("ul", {}, ...draft.open_points.map((p) => el("li", { text: p }))));
    }
    result.hidden = false;
    const target = focusKey ? document.getElementById(`section-${focusKey}-title`) : document.getElementById("draft-title");
    if (target) target.focus();
  }

  /* Show a draft the server returned, remember it in the address, refresh the list. */
  function show(draft, focusKey) {
    render(draft, focusKey);
    remember(draft.id);
    archive.list(savedList, open);
  }

  async function send(url, method, body, message, focusKey) {
    busy(message);
    const answer = await archive.fetchJson(url, {
      method,
      headers: { "content-type": "application/json" },
      body: body === null ? undefined : JSON.stringify(body),
    });
    if (answer.error) {
      fail(answer.status === 409 ? t("stale") : answer.error);
      return null;
    }
    show(answer.body, focusKey);
    return answer.body;
  }

  async function create(url, body) {
    if (await send(url, "POST", body, t("drafting"))) said(t("draft_done"));
  }

  async function saveEdit(draft, key, area, button) {
    button.disabled = true;
    const before = area.defaultValue;
    area.defaultValue = area.value; /* being saved: not "unsaved" when the draft is shown again */
    const url = `/v1/drafts/${encodeURIComponent(draft.id)}/sections/${encodeURIComponent(key)}`;
    const saved = await send(url, "PUT", { markdown: area.value, base_version: draft.version }, t("saving"), key);
    button.disabled = false;
    if (saved) said(t("saved", { version: saved.version }));
    else area.defaultValue = before;
  }

  async function regenerate(draft, section, button) {
    button.disabled = true;
    const url = `/v1/drafts/${encodeURIComponent(draft.id)}/sections/${encodeURIComponent(section.key)}`;
    const fresh = await send(url, "POST", null, t("regenerating"), section.key);
    button.disabled = false;
    if (fresh) said(section.edited_by ? t("regenerated_kept", { version: draft.version }) : t("draft_done"));
  }

  async function open(draftId) {
    busy(t("opening"));
    const answer = await archive.fetchJson(`/v1/drafts/${encodeURIComponent(draftId)}`);
    if (answer.error) {
      if (answer.status === 404) remember(null);
      fail(answer.error);
      return;
    }
    busy("");
    render(answer.body);
    remember(answer.body.id);
  }

  /* The sections and the tema follow the chosen plan type: each type has its own
     sections, and a planstrategi, samfunnsdel or arealdel covers the whole municipality. */
  const plantype = document.getElementById("pp-plantype");
  const tema = document.getElementById("pp-tema");
  function followPlanType() {
    const option = plantype.selectedOptions[0];
    document.querySelectorAll("#planprogram-form [data-plantypes]").forEach((box) => {
      const fits = box.dataset.plantypes.split(" ").includes(plantype.value);
      box.style.display = fits ? "" : "none";  /* .check sets display, so not [hidden] */
      if (!fits) box.querySelector("input").checked = false;
    });
    tema.required = option.dataset.theme === "true";
  }
  plantype.addEventListener("change", followPlanType);
  followPlanType();

  document.getElementById("planprogram-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    create("/v1/drafts/planprogram", {
      kommune: form.get("kommune"),
      plantype: form.get("plantype"),
      tema: tema.required ? form.get("tema") : "",
      periode: form.get("periode"),
      language: form.get("language"),
      sections: form.getAll("sections"),
    });
  });

  document.getElementById("workshop-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = new FormData(event.target);
    create("/v1/drafts/workshop", {
      audience: form.get("audience"),
      tema: form.get("tema"),
      hours: Number.parseFloat(form.get("hours")),
      start: form.get("start"),
      language: form.get("language"),
    });
  });

  window.addEventListener("beforeunload", (event) => {
    if (unsaved().size) { event.preventDefault(); event.returnValue = ""; }
  });

  archive.list(savedList, open);
  const reopen = new URL(window.location.href).searchParams.get(PARAM);
  if (reopen) open(reopen);
})();
