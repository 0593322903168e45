/* The source panel (#source-panel, templates/source_panel.html), shared by the chat and the
   drafting studio: a citation [n] opens its excerpt with the sentences the text around
   [n] quotes highlighted. Everything reaches the page as text. */
"use strict";

window.PA.sourcePanel = () => {
  const { t, el } = window.PA;
  const panel = document.getElementById("source-panel");
  let opener = null;

  const words = (s) => new Set((s.toLowerCase().match(/[\p{L}\p{N}]{4,}/gu)) || []);

  function quotedFor(answer, n) {
    const parts = [];
    for (const line of answer.split(/\n+/)) {
      let last = 0;
      for (const m of line.matchAll(/\[(\d+(?:\s*,\s*\d+)*)\]/g)) {
        if (m[1].split(/\s*,\s*/).map(Number).includes(n)) parts.push(line.slice(last, m.index));
        last = m.index + m[0].length;
      }
    }
    return parts.join(" ");
  }

  /* The excerpt as text, with the sentences the citing text quotes in <mark>. */
  function highlighted(excerpt, quoted) {
    const pieces = excerpt.match(/[^.!?\n]+[.!?]*\s*|\n+/g) || [excerpt];
    const wanted = words(quoted);
    const scores = pieces.map((piece) => {
      const own = words(piece);
      if (own.size < 2 || !wanted.size) return 0;
      let hits = 0;
      own.forEach((w) => { if (wanted.has(w)) hits += 1; });
      return hits / own.size;
    });
    const best = Math.max(0, ...scores);
    const frag = document.createDocumentFragment();
    pieces.forEach((piece, i) => {
      const mark = scores[i] >= 0.6 || (scores[i] === best && best >= 0.3);
      frag.append(mark ? el("mark", { text: piece }) : piece);
    });
    return frag;
  }

  function open(citation, text, button) {
    opener = button;
    document.getElementById("source-title").textContent = citation.title;
    const meta = document.getElementById("source-meta");
    meta.replaceChildren();
    if (citation.section) meta.append(el("dt", { text: t("section") }), el("dd", { text: citation.section }));
    if (citation.page) meta.append(el("dt", { text: t("page") }), el("dd", { text: String(citation.page) }));
    if (citation.version_label) {
      const version = citation.url
        ? el("a", { href: citation.url, rel: "noopener", target: "_blank", text: citation.version_label })
        : citation.version_label;
      meta.append(el("dt", { text: t("version") }), el("dd", {}, version));
    }
    meta.append(el("dt", { text: t("document") }),
      el("dd", {}, el("a", { href: `/dokumenter/${encodeURIComponent(citation.doc_id)}`, text: citation.doc_id })));
    const excerpt = document.getElementById("source-excerpt");
    excerpt.replaceChildren(highlighted(citation.excerpt, quotedFor(text, citation.n)));
    document.getElementById("source-heading").textContent = `${t("sources")} [${citation.n}]`;
    panel.hidden = false;
    panel.focus();
  }

  function close() {
    if (panel.hidden) return;
    panel.hidden = true;
    if (opener && document.body.contains(opener)) opener.focus();
  }

  document.getElementById("close-source").addEventListener("click", close);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
  });

  return { open, close };
};
