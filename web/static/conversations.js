/* Saved conversations on the chat page: the list of yours (newest first), each one to
   open, rename, delete, or download as Markdown or Word with its sources. Talks to /v1/chat. */
"use strict";

window.PA.conversations = (() => {
  const { t, el, request, detail, when } = window.PA;

  /* The list in ``container``; hooks: open(id), deleted(id), failed(message). */
  function manager(container, hooks) {
    async function refresh() {
      let answer;
      try { answer = await request("/v1/chat"); } catch (e) { hooks.failed(t("network_error")); return; }
      if (!answer.ok) {
        container.replaceChildren(el("li", { class: "error", text: t("error", { detail: detail(answer.body, answer.status) }) }));
        return;
      }
      if (!answer.body.length) {
        container.replaceChildren(el("li", { class: "muted", text: t("no_conversations") }));
        return;
      }
      container.replaceChildren(...answer.body.map(item));
    }

    function item(conversation) {
      const id = conversation.conversation_id;
      const li = el("li", { class: "conversation", "data-conversation": id });
      const base = `/v1/chat/${encodeURIComponent(id)}`;
      const show = () => {
        const open = el("button", { type: "button", class: "source-link conversation-open", text: conversation.title });
        open.addEventListener("click", () => hooks.open(id));
        /* Each action names its conversation to a screen reader ("Slett: Planstrategi"). */
        const named = (key) => ({ "aria-label": `${t(key)}: ${conversation.title}`, text: t(key) });
        const rename = el("button", { type: "button", class: "small", ...named("rename") });
        rename.addEventListener("click", () => editTitle());
        const remove = el("button", { type: "button", class: "small", ...named("delete") });
        remove.addEventListener("click", () => forget(remove));
        const download = (format, key) => el("a", {
          class: "button small", href: `${base}/export?format=${format}`, download: `samtale-${id}.${format}`, ...named(key),
        });
        li.replaceChildren(open, " ",
          el("span", { class: "muted", text: t("conversation_line", { time: when(conversation.updated), turns: conversation.turns }) }),
          el("span", { class: "conversation-actions" }, rename, remove,
            download("md", "download_md"), download("docx", "download_docx")));
      };
      const editTitle = () => {
        const inputId = `title-${id}`;
        const input = el("input", { id: inputId, value: conversation.title, maxlength: "200" });
        const save = el("button", { type: "submit", class: "primary small", text: t("save_title") });
        const cancel = el("button", { type: "button", class: "small", text: t("cancel") });
        const form = el("form", { class: "rename-form" },
          el("label", { for: inputId, text: t("new_title") }), input, save, cancel);
        cancel.addEventListener("click", () => show());
        form.addEventListener("submit", async (event) => {
          event.preventDefault();
          save.disabled = true;
          const answer = await request(base, {
            method: "PATCH", headers: { "content-type": "application/json" },
            body: JSON.stringify({ title: input.value }),
          });
          save.disabled = false;
          if (!answer.ok) { hooks.failed(detail(answer.body, answer.status)); return; }
          Object.assign(conversation, answer.body);
          show();
          li.querySelector(".conversation-open").focus();
        });
        li.replaceChildren(form);
        input.focus();
        input.select();
      };
      const forget = async (button) => {
        if (!window.confirm(t("confirm_delete_conversation", { title: conversation.title }))) return;
        button.disabled = true;
        const answer = await request(base, { method: "DELETE" });
        if (!answer.ok && answer.status !== 404) {
          button.disabled = false;
          hooks.failed(detail(answer.body, answer.status));
          return;
        }
        hooks.deleted(id);
        refresh();
      };
      show();
      return li;
    }

    return { refresh };
  }

  return { manager };
})();
