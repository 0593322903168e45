/* The chat page: stream answers from POST /v1/chat/stream, cite, show sources; the open
   conversation stays in the address (?samtale=…), so a reload, the back button or a
   language switch brings it back, and saved ones can be reopened from the list. */
"use strict";

(() => {
  const { t, el, detail, blocks, sourceLabel } = window.PA;
  const form = document.getElementById("ask-form");
  const question = document.getElementById("question");
  const send = document.getElementById("send");
  const log = document.getElementById("log");
  const status = document.getElementById("chat-status");
  const typeFilter = document.getElementById("filter-type");
  const docFilter = document.getElementById("filter-docs");
  const PARAM = "samtale";
  let conversationId = null;

  const sources = window.PA.sourcePanel();
  const saved = window.PA.conversations.manager(document.getElementById("conversation-list"), {
    open: (id) => open(id),
    deleted: (id) => { if (id === conversationId) clear(t("conversation_deleted")); },
    failed: (message) => say(t("error", { detail: message })),
  });

  function remember(id) {
    const url = new URL(window.location.href);
    if (id) url.searchParams.set(PARAM, id); else url.searchParams.delete(PARAM);
    window.history.replaceState(null, "", url);
  }

  /* -- answers ---------------------------------------------------------------------- */
  function plainCopy(data) {
    const lines = [data.answer.trim()];
    if (data.citations.length) {
      lines.push("", `${t("sources")}:`);
      data.citations.forEach((c) => lines.push(`[${c.n}] ${sourceLabel(c)}`));
    }
    return lines.join("\n");
  }

  function say(text) { status.textContent = text; }

  function renderAnswer(box, data, asked) {
    box.replaceChildren();
    box.classList.toggle("not-covered", data.abstained);
    const byN = new Map(data.citations.map((c) => [c.n, c]));
    const onCite = (n, button) => { if (byN.has(n)) sources.open(byN.get(n), data.answer, button); };
    box.append(el("p", { class: "who", text: t("assistant") }));
    if (data.abstained) {
      box.append(el("h3", { class: "not-covered-title", text: t("not_covered_title") }),
        el("p", { text: t("not_covered_text") }),
        el("p", { class: "muted", text: data.answer }));
    } else {
      box.append(el("div", { class: "answer-text" }, blocks(data.answer, onCite)));
    }
    if (data.question && data.question.trim() !== asked.trim()) {
      box.append(el("p", { class: "muted", text: t("asked_as", { question: data.question }) }));
    }
    if (data.notice) box.append(el("p", { class: "notice", text: data.notice }));
    if (data.citations.length) {
      const list = el("ol", { class: "sources" });
      data.citations.forEach((c) => {
        const button = el("button", { type: "button", class: "source-link" }, `[${c.n}] `, sourceLabel(c));
        button.addEventListener("click", () => sources.open(c, data.answer, button));
        list.append(el("li", {}, button));
      });
      box.append(el("h3", { class: "sources-title", text: t("sources") }), list);
    }
    const copy = el("button", { type: "button", class: "copy", text: t("copy") });
    copy.addEventListener("click", async () => {
      try { await navigator.clipboard.writeText(plainCopy(data)); say(t("copied")); }
      catch (e) { say(t("copy_failed")); }
    });
    const feedback = window.PA.feedback(data, data.question || asked, conversationId);
    box.append(el("div", { class: "answer-actions" }, copy, feedback));
    box.setAttribute("aria-busy", "false");
  }

  function renderError(box, message) {
    box.replaceChildren(el("p", { class: "error", text: t("error", { detail: message }) }));
    box.setAttribute("aria-busy", "false");
  }

  async function* events(response) {
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer = (buffer + value).replace(/\r\n|\r(?=.)/gs, "\n");
      let end;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const raw = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let name = "message";
        const data = [];
        for (const line of raw.split("\n")) {
          if (line.startsWith("event:")) name = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
        }
        if (data.length) yield { name, data: JSON.parse(data.join("\n")) };
      }
    }
  }

  function filters() {
    const docTypes = typeFilter && typeFilter.value ? [typeFilter.value] : [];
    const docIds = docFilter ? [...docFilter.selectedOptions].map((o) => o.value) : [];
    return docTypes.length || docIds.length ? { doc_types: docTypes, doc_ids: docIds } : null;
  }

  /* A question in the log, and the box its answer goes into. */
  function addTurn(text) {
    document.getElementById("empty-log")?.remove();
    const turn = el("div", { class: "turn" },
      el("div", { class: "question" }, el("p", { class: "who", text: t("you") }), el("p", { text })));
    const box = el("article", { class: "answer", "aria-busy": "true" },
      el("p", { class: "thinking", text: t("thinking") }));
    turn.append(box);
    log.append(turn);
    return { turn, box };
  }

  async function ask(text) {
    const { turn, box } = addTurn(text);
    turn.scrollIntoView({ block: "nearest" });
    const body = { message: text };
    if (conversationId) body.conversation_id = conversationId;
    const chosen = filters();
    if (chosen) body.filters = chosen;
    send.disabled = true;
    try {
      const response = await fetch("/v1/chat/stream", {
        method: "POST",
        headers: { "content-type": "application/json", accept: "text/event-stream" },
        body: JSON.stringify(body),
      });
      if (!response.ok) {
        let data = null;
        try { data = await response.json(); } catch (e) { data = null; }
        renderError(box, detail(data, response.status));
        return;
      }
      let streamed = null;
      for await (const event of events(response)) {
        if (event.name === "token") {
          if (!streamed) { streamed = el("p", { class: "streaming" }); box.replaceChildren(streamed); }
          streamed.append(event.data.text);
        } else if (event.name === "answer") {
          conversationId = event.data.conversation_id || conversationId;
          remember(conversationId);
          renderAnswer(box, event.data, text);
          saved.refresh();
        } else if (event.name === "error") {
          renderError(box, detail(event.data, 500));
        }
      }
    } catch (e) {
      renderError(box, t("network_error"));
    } finally {
      send.disabled = false;
    }
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = question.value.trim();
    if (!text) { question.focus(); return; }
    question.value = "";
    ask(text);
  });

  question.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  /* An empty log for a new conversation (the one shown stays saved in the list). */
  function clear(message) {
    conversationId = null;
    remember(null);
    sources.close();
    log.replaceChildren();
    say(message);
  }

  /* Show a saved conversation: each question with its answer and sources. */
  async function open(id) {
    say(t("opening_conversation"));
    let answer;
    try { answer = await window.PA.request(`/v1/chat/${encodeURIComponent(id)}`); }
    catch (e) { say(t("network_error")); return; }
    if (!answer.ok) {
      if (answer.status === 404) remember(null);
      say(t("error", { detail: detail(answer.body, answer.status) }));
      return;
    }
    clear("");
    conversationId = id;
    remember(id);
    let asked = "";
    let box = null;
    for (const turn of answer.body.turns) {
      if (turn.role === "user") {
        asked = turn.text;
        box = addTurn(turn.text).box;
      } else {
        box = box || addTurn(asked).box;
        renderAnswer(box, {
          answer: turn.text, citations: turn.citations, language: turn.language,
          abstained: turn.citations.length === 0,
        }, asked);
        box = null;
      }
    }
    const first = answer.body.turns.find((turn) => turn.role === "user");
    say(t("conversation_opened", { title: answer.body.title || (first ? first.text : id) }));
    question.focus();
  }

  document.getElementById("new-conversation").addEventListener("click", () => {
    clear(t("new_started"));
    question.focus();
  });

  saved.refresh();
  const reopen = new URL(window.location.href).searchParams.get(PARAM);
  if (reopen) open(reopen);
})();
