/* Saved work in the drafting studio: the list of stored drafts, and a draft's versions
   (who saved what, when), each of which can be brought back. Talks to /v1/drafts. */
"use strict";

window.PA.draftHistory = (() => {
  const { t, el, request, detail, when } = window.PA;

  async function fetchJson(url, options) {
    try {
      const answer = await request(url, options);
      return answer.ok ? { body: answer.body } : { error: detail(answer.body, answer.status), status: answer.status };
    } catch (e) {
      return { error: t("network_error"), status: 0 };
    }
  }

  /* Fill the list with the stored drafts, newest first; onOpen(id) reopens one. */
  async function list(container, onOpen) {
    const { body, error } = await fetchJson("/v1/drafts");
    if (error) {
      container.replaceChildren(el("li", { class: "error", text: t("error", { detail: error }) }));
      return;
    }
    if (!body.length) {
      container.replaceChildren(el("li", { class: "muted", text: t("no_saved_drafts") }));
      return;
    }
    container.replaceChildren(...body.map((draft) => {
      const open = el("button", { type: "button", class: "source-link", text: draft.title });
      open.addEventListener("click", () => onOpen(draft.id));
      const line = t("saved_line", { version: draft.version, time: when(draft.updated) });
      return el("li", {}, open, " ", el("span", { class: "muted", text: line }));
    }));
  }

  function describe(version, titles) {
    const section = titles.get(version.section) || version.section || "";
    return t(`action_${version.action}${version.section ? "_section" : ""}`,
      { section, from: version.restored_from });
  }

  async function restore(draft, version, section, onRestored, onError) {
    const url = `/v1/drafts/${encodeURIComponent(draft.id)}/versions/${version}/restore`;
    const { body, error } = await fetchJson(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ base_version: draft.version, section }),
    });
    if (error) onError(error); else onRestored(body, version);
  }

  function restoreButton(label, draft, version, section, onRestored, onError) {
    const button = el("button", { type: "button", text: label });
    button.addEventListener("click", () => {
      button.disabled = true;
      restore(draft, version, section, onRestored, onError).finally(() => { button.disabled = false; });
    });
    return button;
  }

  /* A <details> that lists the draft's versions when opened; each older one, or just the
     section it changed, can be restored (as a new version: nothing is overwritten). */
  function versions(draft, onRestored, onError) {
    const list = el("ul", { class: "versions-list" });
    const box = el("details", { class: "versions card" },
      el("summary", { text: t("versions") }),
      el("p", { class: "hint", text: t("versions_hint") }), list);
    const titles = new Map(draft.sections.map((s) => [s.key, s.title]));
    box.addEventListener("toggle", async () => {
      if (!box.open) return;
      const { body, error } = await fetchJson(`/v1/drafts/${encodeURIComponent(draft.id)}/versions`);
      if (error) { onError(error); return; }
      list.replaceChildren(...body.map((version) => {
        const item = el("li", {}, t("version_line", {
          version: version.version, user: version.user, time: when(version.created), what: describe(version, titles),
        }));
        if (version.version === draft.version) {
          item.append(" ", el("span", { class: "muted", text: t("current_version") }));
        } else {
          item.append(" ", restoreButton(t("restore_version", { version: version.version }),
            draft, version.version, null, onRestored, onError));
          if (titles.has(version.section)) {  /* only the section this version changed */
            item.append(" ", restoreButton(t("restore_section", { section: titles.get(version.section) }),
              draft, version.version, version.section, onRestored, onError));
          }
        }
        return item;
      }));
    });
    return box;
  }

  return { list, versions, fetchJson };
})();
