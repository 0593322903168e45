/* The documents page: upload a file, follow its ingest job, refresh the list. */
"use strict";

(() => {
  const { t, el, request, detail } = window.PA;
  const form = document.getElementById("upload-form");
  const input = document.getElementById("upload-file");
  const progress = document.getElementById("upload-progress");
  const status = document.getElementById("upload-status");
  const rows = document.getElementById("document-rows");
  const SUFFIXES = [".pdf", ".docx", ".md", ".markdown", ".txt"];
  const maxBytes = Number(form.dataset.maxBytes);

  function say(text, kind) {
    status.className = kind || "";
    status.replaceChildren(text);
  }

  async function refresh() {
    const answer = await request("/v1/documents");
    if (!answer.ok) return;
    rows.replaceChildren(...answer.body.map((doc) => el("tr", {},
      el("td", {}, el("a", { href: `/dokumenter/${encodeURIComponent(doc.id)}`, text: doc.title })),
      el("td", { text: doc.doc_type }),
      el("td", { text: doc.language }),
      el("td", { class: "num", text: String(doc.chunks) }),
      el("td", { text: doc.date || "–" }))));
  }

  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  async function follow(jobId, file) {
    for (;;) {
      const answer = await request(`/v1/documents/jobs/${encodeURIComponent(jobId)}`);
      if (!answer.ok) { say(t("upload_error", { file, detail: detail(answer.body, answer.status) }), "error"); return; }
      const job = answer.body;
      if (job.total > 0) { progress.max = job.total; progress.value = job.done; }
      else progress.removeAttribute("value");
      if (job.status === "done") {
        progress.max = 1; progress.value = 1;
        const done = el("span", { text: t("upload_done", { file }) + " " });
        const link = job.doc_ids.length
          ? el("a", { href: `/dokumenter/${encodeURIComponent(job.doc_ids[0])}`, text: t("view_document") })
          : null;
        say(el("span", {}, done, link), "success");
        await refresh();
        return;
      }
      if (job.status === "error") {
        progress.hidden = true;
        say(t("upload_error", { file, detail: job.detail }), "error");
        return;
      }
      const stage = t(`stage_${job.stage}`);
      say(job.total > 0 ? `${stage} (${job.done}/${job.total})` : stage);
      await sleep(400);
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    const problem = window.PA.fileProblem(file, SUFFIXES, maxBytes, form.dataset.limitMb, "bad_type");
    if (problem) {
      say(problem, "error");
      if (!file) input.focus();
      return;
    }
    const button = form.querySelector("button");
    button.disabled = true;
    progress.hidden = false;
    progress.removeAttribute("value");
    say(t("uploading"));
    try {
      const data = new FormData();
      data.append("file", file);
      const answer = await request("/v1/documents", { method: "POST", body: data });
      if (!answer.ok) {
        progress.hidden = true;
        say(t("upload_error", { file: file.name, detail: detail(answer.body, answer.status) }), "error");
        return;
      }
      await follow(answer.body.job_id, file.name);
    } catch (e) {
      progress.hidden = true;
      say(t("network_error"), "error");
    } finally {
      button.disabled = false;
    }
  });
})();
