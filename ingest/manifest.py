"""Which documents the corpus holds and their fixed facts: ``manifest.yaml`` first, else a guess.

Ids must stay stable (evaluation sets cite documents by id), so the manifest wins; files it does
not list still get a usable id and title derived from the file itself.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

import yaml

from assistant.domain import DocumentMeta
from assistant.errors import DocumentError, PlanassistError
from ingest.clean import fold_nordic
from ingest.loaders import SUPPORTED_SUFFIXES, decode_text, open_pdf, split_front_matter

MANIFEST_NAME = "manifest.yaml"
_REQUIRED = ("id", "file", "title")
_META_FIELDS = {f.name for f in fields(DocumentMeta)}
_FLAGS = {f.name for f in fields(DocumentMeta) if isinstance(f.default, bool)}  # e.g. ocr
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
FRONT_MATTER_FACTS = ("ref_id", "date_in_force", "last_change_in_force", "superseded_by")
"""Facts a law file states about itself (Lovdata's front matter); the manifest overrides them."""


def read_manifest(corpus_dir: Path) -> dict[str, DocumentMeta]:
    """Read ``corpus_dir/manifest.yaml`` into metadata keyed by file name (no manifest: empty)."""
    path = corpus_dir / MANIFEST_NAME
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise DocumentError(f"{MANIFEST_NAME} is not valid YAML ({exc})") from exc
    entries = data.get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise DocumentError(f"{MANIFEST_NAME} must hold a 'documents:' list")
    metas = (_meta_from_entry(number, entry) for number, entry in enumerate(entries, start=1))
    return {meta.file: meta for meta in metas}


def _meta_from_entry(number: int, entry: Any) -> DocumentMeta:
    if not isinstance(entry, dict):
        raise DocumentError(f"{MANIFEST_NAME}: entry {number} is not a mapping")
    missing = [key for key in _REQUIRED if not entry.get(key)]
    if missing:
        name = entry.get("id") or entry.get("file") or f"number {number}"
        raise DocumentError(f"{MANIFEST_NAME}: entry {name} lacks {', '.join(missing)}")
    known = {}
    for key, value in entry.items():
        if key in _FLAGS:
            if not isinstance(value, bool):
                raise DocumentError(
                    f"{MANIFEST_NAME}: entry {entry['id']}: {key} must be true or false"
                )
            known[key] = value
        elif key in _META_FIELDS:
            known[key] = str(value)  # YAML reads unquoted dates as dates; metadata is text
    return DocumentMeta(**known)


def slugify(text: str) -> str:
    """A readable ASCII id: ``"Møre plan 2024"`` → ``"more-plan-2024"``."""
    ascii_text = unicodedata.normalize("NFKD", fold_nordic(text.lower()))
    ascii_text = ascii_text.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def _front_matter(path: Path) -> dict[str, Any]:
    """A Markdown file's front matter (none for other files or unreadable ones)."""
    if path.suffix.lower() not in (".md", ".markdown"):
        return {}
    try:
        return split_front_matter(decode_text(path, path.read_bytes()))[0]
    except (PlanassistError, OSError):
        return {}  # loading the file later reports what is wrong with it


def with_stated_facts(meta: DocumentMeta, path: Path) -> DocumentMeta:
    """``meta`` with the law ref and dates the file states, where the manifest says nothing."""
    stated = _front_matter(path)
    missing = {
        key: str(stated[key])
        for key in FRONT_MATTER_FACTS
        if getattr(meta, key) is None and stated.get(key)
    }
    return replace(meta, **missing) if missing else meta


def _title_from_file(path: Path) -> str | None:
    """The title the file states about itself, if any (unreadable files state none)."""
    try:
        data = path.read_bytes()
        if path.suffix.lower() == ".pdf":
            info = open_pdf(path, data).metadata
            return info.title if info else None
        if path.suffix.lower() in (".md", ".markdown"):
            front, body = split_front_matter(decode_text(path, data))
            heading = _H1.search(body)
            return heading.group(1) if heading else front.get("title")
    except (PlanassistError, OSError, ValueError):
        return None  # loading the file later reports what is wrong with it
    return None


def _guess_meta(path: Path) -> DocumentMeta:
    stated = _title_from_file(path)
    title = str(stated).strip() if stated else ""
    if not title:
        words = re.sub(r"[-_]+", " ", path.stem).strip()
        title = words[:1].upper() + words[1:]
    return DocumentMeta(id=slugify(path.stem), file=path.name, title=title)


def _is_document(path: Path) -> bool:
    return (
        path.is_file()
        and path.suffix.lower() in SUPPORTED_SUFFIXES
        and not path.name.startswith(".")
        and path.stem.upper() != "README"
    )


def discover_documents(corpus_dir: Path) -> list[DocumentMeta]:
    """Every supported file in ``corpus_dir``, sorted by name, with manifest or guessed metadata."""
    manifest = read_manifest(corpus_dir)
    paths = sorted((p for p in corpus_dir.iterdir() if _is_document(p)), key=lambda p: p.name)
    return [with_stated_facts(manifest.get(path.name) or _guess_meta(path), path) for path in paths]
