/* The documents page: upload a file to a collection, replace or remove an added one,
   follow the job, refresh the list. */
"use strict";

(() => {
  const { t, el, request, detail } = window.PA;
  const form = document.getElementById("upload-form");
  const input = document.getElementById("upload-file");
  const collection = document.getElementById("upload-collection");
  const progress = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const rows = document.getElementById("document-rows");
  const replaceInput = document.getElementById("replace-file");
  const SUFFIXES = [".pdf", ".docx", ".md", ".markdown", ".txt"];
  const maxBytes = form ? Number(form.dataset.maxBytes) : Infinity;
  let replacing = null; /* the document a chosen file replaces */

  function say(text, kind) {
    status.className = kind || "";
    status.replaceChildren(text);
  }

  function collectionName(name) {
    return name === "national" ? t("collection_national") : name;
  }

  function actions(doc) {
    if (!doc.changeable) return el("td", { class: "doc-actions" });
    const button = (kind, key) => el("button", {
      type: "button", class: kind, "data-title": doc.title, "aria-label": `${t(key)}: ${doc.title}`, text: t(key),
    });
    return el("td", { class: "doc-actions" },
      button("replace-doc", "replace_document"), " ", button("remove-doc", "remove_document"));
  }

  async function refresh() {
    const answer = await request("/v1/documents");
    if (!answer.ok) return;
    const withActions = rows.dataset.actions === "true";
    rows.replaceChildren(...answer.body.map((doc) => el("tr", { "data-doc-id": doc.id },
      el("td", {}, el("a", { href: `/dokumenter/${encodeURIComponent(doc.id)}`, text: doc.title })),
      el("td", { text: collectionName(doc.collection) }),
      el("td", { text: doc.doc_type }),
      el("td", { text: doc.language }),
      el("td", { class: "num", text: String(doc.chunks) }),
      el("td", { text: doc.date || "–" }),
      withActions ? actions(doc) : null)));
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  /* Poll a job until it ends; done(job) says what happened, failed the key of what did not. */
  async function follow(jobId, file, done, failed) {
    for (;;) {
      const answer = await request(`/v1/documents/jobs/${encodeURIComponent(jobId)}`);
      if (!answer.ok) { say(t(failed, { file, detail: detail(answer.body, answer.status) }), "error"); return; }
      const job = answer.body;
      if (job.total > 0) { progress.max = job.total; progress.value = job.done; }
      else progress.removeAttribute("value");
      if (job.status === "done") {
        progress.max = 1; progress.value = 1;
        say(done(job), "success");
        await refresh();
        return;
      }
      if (job.status === "error") {
        progress.hidden = true;
        say(t(failed, { file, detail: job.detail }), "error");
        return;
      }
      const stage = t(`stage_${job.stage}`);
      say(job.total > 0 ? `${stage} (${job.done}/${job.total})` : stage);
      await sleep(400);
    }
  }

  function added(file) {
    return (job) => {
      const text = el("span", { text: t("upload_done", { file }) + " " });
      const link = job.doc_ids.length
        ? el("a", { href: `/dokumenter/${encodeURIComponent(job.doc_ids[0])}`, text: t("view_document") })
        : null;
      return el("span", {}, text, link);
    };
  }

  /* Send a request that starts a job, then follow it. */
  async function run(url, options, file, done, failed = "upload_error") {
    progress.hidden = false;
    progress.removeAttribute("value");
    say(t("uploading"));
    try {
      const answer = await request(url, options);
      if (!answer.ok) {
        progress.hidden = true;
        say(t(failed, { file, detail: detail(answer.body, answer.status) }), "error");
        return;
      }
      await follow(answer.body.job_id, file, done, failed);
    } catch (e) {
      progress.hidden = true;
      say(t("network_error"), "error");
    }
  }

  function problem(file) {
    return window.PA.fileProblem(file, SUFFIXES, maxBytes, form ? form.dataset.limitMb : "", "bad_type");
  }

  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = input.files[0];
      const wrong = problem(file);
      if (wrong) {
        say(wrong, "error");
        if (!file) input.focus();
        return;
      }
      const button = form.querySelector("button");
      button.disabled = true;
      const data = new FormData();
      data.append("file", file);
      if (collection) data.append("collection", collection.value);
      await run("/v1/documents", { method: "POST", body: data }, file.name, added(file.name));
      button.disabled = false;
    });
  }

  rows.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    const docId = button.closest("tr").dataset.docId;
    const title = button.dataset.title;
    if (button.classList.contains("remove-doc")) {
      if (!window.confirm(t("confirm_remove", { title }))) return;
      await run(`/v1/documents/${encodeURIComponent(docId)}`, { method: "DELETE" }, title,
        () => t("remove_done", { title }), "change_error");
    } else if (button.classList.contains("replace-doc") && replaceInput) {
      replacing = { docId, title };
      replaceInput.value = "";
      replaceInput.click();
    }
  });

  if (replaceInput) {
    replaceInput.addEventListener("change", async () => {
      const file = replaceInput.files[0];
      if (!replacing || !file) return;
      const wrong = problem(file);
      if (wrong) { say(wrong, "error"); return; }
      const { docId, title } = replacing;
      replacing = null;
      const data = new FormData();
      data.append("file", file);
      await run(`/v1/documents/${encodeURIComponent(docId)}`, { method: "PUT", body: data }, file.name,
        () => t("replace_done", { title, file: file.name }), "change_error");
    });
  }
})();
