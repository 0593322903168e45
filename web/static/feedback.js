/* Thumbs up or down, with an optional comment, on one answer: POST /v1/feedback stores it
   with the question, the answer and its sources (admins export it as reference questions). */
"use strict";

(() => {
  const { t, el, request, detail } = window.PA;

  function passages(citations) {
    return citations.map((c) => ({
      n: c.n, doc_id: c.doc_id, title: c.title, section: c.section, page: c.page, excerpt: c.excerpt,
    }));
  }

  window.PA.feedback = (data, question, conversationId) => {
    const status = el("span", { class: "feedback-status", role: "status" });
    const comment = el("input", {
      type: "text", class: "feedback-comment", maxlength: "4000",
      "aria-label": t("feedback_comment"), placeholder: t("feedback_comment"),
    });
    const up = el("button", { type: "button", class: "feedback-up", "aria-pressed": "false", text: t("feedback_up") });
    const down = el("button", { type: "button", class: "feedback-down", "aria-pressed": "false", text: t("feedback_down") });
    async function send(rating, pressed) {
      const body = {
        rating, comment: comment.value.trim() || null, question, answer: data.answer,
        language: data.language, abstained: data.abstained, citations: passages(data.citations),
        conversation_id: conversationId,
      };
      const answer = await request("/v1/feedback", {
        method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body),
      });
      if (!answer.ok) { status.textContent = detail(answer.body, answer.status); return; }
      pressed.setAttribute("aria-pressed", "true");
      [up, down, comment].forEach((node) => { node.disabled = true; });
      status.textContent = t("feedback_thanks");
    }
    up.addEventListener("click", () => send("up", up));
    down.addEventListener("click", () => send("down", down));
    return el("div", { class: "feedback", role: "group", "aria-label": t("feedback_label") },
      up, down, comment, status);
  };
})();
