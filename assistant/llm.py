"""The chat model behind generative answers: one OpenAI-compatible client for every backend.

Local (llama_cpp.server with the packaged GGUF), Ollama, vLLM, Azure OpenAI and OpenAI
all speak the same API, so LangChain's ``ChatOpenAI`` serves them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None in extractive mode."""
    if settings.answer_mode == "extractive":
        return None
    from langchain_openai import ChatOpenAI

    # A small local model needs a repeat penalty to avoid loops.
    extra: dict[str, object] = {"repeat_penalty": 1.15} if settings.llm == "local" else {}
    limit: int | None = settings.llm_max_tokens
    if max_tokens_field(settings) == "max_tokens":
        # ChatOpenAI always sends its limit as max_completion_tokens: pass the old name
        # in the body instead (and not both: OpenAI refuses a request with both).
        extra["max_tokens"], limit = limit, None
    return ChatOpenAI(
        model=settings.llm_model,
        extra_body=extra or None,
        base_url=settings.llm_endpoint,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        max_tokens=limit,
        temperature=settings.llm_temperature,
    )


def capped(chat_model: BaseChatModel, tokens: int) -> dict[str, object]:
    """Call options that cap one reply at ``tokens``, in the field the server reads:
    ``make_chat_model`` puts ``max_tokens`` in the request body for a non-OpenAI server,
    so that is where the cap goes then; otherwise the client's own ``max_tokens``."""
    extra = dict(getattr(chat_model, "extra_body", None) or {})
    if "max_tokens" in extra:
        return {"extra_body": {**extra, "max_tokens": tokens}}
    return {"max_tokens": tokens}


def max_tokens_field(settings: Settings) -> str:
    """Which request field carries the answer length limit (see ``llm_max_tokens_field``)."""
    if settings.llm_max_tokens_field:
        return settings.llm_max_tokens_field
    host = urlsplit(settings.llm_endpoint or "").hostname or ""
    openai = host == "api.openai.com" or host.endswith(".azure.com")
    return "max_completion_tokens" if openai else "max_tokens"


def describe(settings: Settings) -> str:
    """What /healthz shows: which LLM answers, without secrets."""
    if settings.answer_mode == "extractive":
        return "none (extractive answers)"
    return f"{settings.llm_model} at {settings.llm_endpoint}"
