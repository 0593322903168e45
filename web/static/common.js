/* Shared helpers for the planassist pages. Model answers and document text only ever
   reach the page as text nodes (textContent / append(string)), never as HTML. */
"use strict";

window.PA = (() => {
  const texts = JSON.parse(document.getElementById("texts").textContent);
  const CITE = /\[(\d+(?:\s*,\s*\d+)*)\]/g;

  function t(key, values = {}) {
    const text = texts[key] || key;
    return text.replace(/\{(\w+)\}/g, (m, k) => (k in values ? String(values[k]) : m));
  }

  function el(tag, attrs = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children) if (child !== null && child !== undefined) node.append(child);
    return node;
  }

  async function request(url, options = {}) {
    const response = await fetch(url, options);
    let body = null;
    try { body = await response.json(); } catch (e) { body = null; }
    return { ok: response.ok, status: response.status, body };
  }

  function detail(body, status) {
    if (body && typeof body.detail === "string") return body.detail;
    return `HTTP ${status}`;
  }

  /** Why ``file`` cannot be sent (no file, a type not in ``suffixes``, over ``maxBytes``),
      in the page's language; null when it can. */
  function fileProblem(file, suffixes, maxBytes, limitMb, badTypeKey) {
    if (!file) return t("no_file");
    if (!suffixes.some((s) => file.name.toLowerCase().endsWith(s))) return t(badTypeKey);
    if (file.size > maxBytes) {
      return t("too_large", { size: (file.size / 1024 / 1024).toFixed(1), limit: limitMb });
    }
    return null;
  }

  function citeNumbers(text) {
    const found = new Set();
    for (const m of text.matchAll(CITE)) m[1].split(/\s*,\s*/).forEach((n) => found.add(Number(n)));
    return [...found].sort((a, b) => a - b);
  }

  /* One line of text: **bold** and [n] markers (buttons when onCite is given). */
  function inline(text, onCite) {
    const frag = document.createDocumentFragment();
    const pattern = /\*\*(.+?)\*\*|\[(\d+(?:\s*,\s*\d+)*)\]/g;
    let last = 0;
    for (const m of text.matchAll(pattern)) {
      frag.append(text.slice(last, m.index));
      if (m[1] !== undefined) frag.append(el("strong", { text: m[1] }));
      else {
        m[2].split(/\s*,\s*/).forEach((n) => {
          if (onCite) {
            const button = el("button", { type: "button", class: "cite", "data-n": n },
              el("span", { class: "visually-hidden", text: t("open_source", { n }) + " " }),
              `[${n}]`);
            button.addEventListener("click", () => onCite(Number(n), button));
            frag.append(button);
          } else frag.append(`[${n}]`);
        });
      }
      last = m.index + m[0].length;
    }
    frag.append(text.slice(last));
    return frag;
  }

  function table(rows, onCite) {
    const cells = (row) => row.trim().replace(/^\||\|$/g, "").split("|").map((c) => c.trim());
    const body = rows.filter((row) => !/^\s*\|?\s*:?-{2,}/.test(row));
    const [head, ...rest] = body;
    const thead = el("thead", {}, el("tr", {}, ...cells(head).map((c) => el("th", { scope: "col" }, inline(c, onCite)))));
    const tbody = el("tbody", {}, ...rest.map((r) => el("tr", {}, ...cells(r).map((c) => el("td", {}, inline(c, onCite))))));
    return el("div", { class: "table-wrap" }, el("table", {}, thead, tbody));
  }

  /* Markdown-ish text → paragraphs, lists, simple tables; everything as text. */
  function blocks(markdown, onCite) {
    const frag = document.createDocumentFragment();
    let para = [], list = null, rows = [];
    const flush = () => {
      if (para.length) frag.append(el("p", {}, inline(para.join(" "), onCite)));
      if (rows.length) frag.append(table(rows, onCite));
      para = []; rows = []; list = null;
    };
    for (const raw of markdown.split("\n")) {
      const line = raw.trimEnd();
      const bullet = line.match(/^\s*[-*•]\s+(.*)$/);
      const numbered = line.match(/^\s*\d+[.)]\s+(.*)$/);
      const heading = line.match(/^#{1,6}\s+(.*)$/);
      if (!line.trim()) { flush(); continue; }
      if (line.trim().startsWith("|")) { if (para.length || list) flush(); rows.push(line); continue; }
      if (rows.length) flush();
      if (heading) { flush(); frag.append(el("p", { class: "md-heading" }, el("strong", {}, inline(heading[1], onCite)))); continue; }
      if (bullet || numbered) {
        const tag = bullet ? "ul" : "ol";
        if (para.length) { frag.append(el("p", {}, inline(para.join(" "), onCite))); para = []; }
        if (!list || list.tagName.toLowerCase() !== tag) { list = el(tag); frag.append(list); }
        list.append(el("li", {}, inline((bullet || numbered)[1], onCite)));
        continue;
      }
      if (list) list = null;
      para.push(line.trim().replace(/^_(.*)_$/, "$1"));
    }
    flush();
    return frag;
  }

  function sourceLabel(c) {
    const parts = [c.title];
    if (c.section) parts.push(c.section);
    if (c.page) parts.push(`${t("page").toLowerCase()} ${c.page}`);
    if (c.version_label) parts.push(c.version_label); /* which version: always, superseded too */
    return parts.join(" — ");
  }

  /* A moment (Unix seconds) as a short date and time in the page's language. */
  function when(seconds) {
    const locale = document.documentElement.lang === "en" ? "en-GB" : "nb-NO";
    return new Date(seconds * 1000).toLocaleString(locale, { dateStyle: "short", timeStyle: "short" });
  }

  /* A language switch keeps what the address holds (the open conversation or draft). */
  document.querySelectorAll(".lang-switch a[hreflang]").forEach((link) => {
    link.addEventListener("click", () => {
      const url = new URL(window.location.href);
      url.searchParams.set("lang", link.hreflang);
      link.href = url.toString();
    });
  });

  return { t, el, request, detail, inline, blocks, citeNumbers, sourceLabel, fileProblem, when };
})();
