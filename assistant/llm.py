"""The chat model behind generative answers: one OpenAI-compatible client for every backend.

Local (llama_cpp.server with the packaged GGUF), Ollama, vLLM, Azure OpenAI and OpenAI
all speak the same API, so LangChain's ``ChatOpenAI`` serves them all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.settings import Settings


def make_chat_model(settings: Settings) -> BaseChatModel | None:
    """The configured chat model, or None in extractive mode."""
    if settings.answer_mode == "extractive":
        return None
    from langchain_openai import ChatOpenAI

    # llama_cpp.server reads max_tokens, not the newer max_completion_tokens that the
    # client sends, and a small model needs a repeat penalty to avoid loops.
    local_options = {"max_tokens": settings.llm_max_tokens, "repeat_penalty": 1.15}
    return ChatOpenAI(
        model=settings.llm_model,
        extra_body=local_options if settings.llm == "local" else None,
        base_url=settings.llm_endpoint,
        api_key=settings.llm_api_key or "not-needed",
        timeout=settings.llm_timeout_s,
        max_retries=settings.llm_max_retries,
        max_tokens=settings.llm_max_tokens,
        temperature=settings.llm_temperature,
    )


def describe(settings: Settings) -> str:
    """What /healthz shows: which LLM answers, without secrets."""
    if settings.answer_mode == "extractive":
        return "none (extractive answers)"
    return f"{settings.llm_model} at {settings.llm_endpoint}"
