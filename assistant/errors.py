"""User-facing errors: the message is written for the person who will read it.

Each front door (API, CLI) converts a ``PlanassistError`` in one place: the API into a
JSON body with ``status_code``, the CLI into one red line and an exit code
(``assistant/console.py``).
"""


class PlanassistError(Exception):
    """Base class; ``status_code`` is what the API answers with."""

    status_code = 400


class InvalidRequest(PlanassistError):
    """The request is well-formed JSON but asks for something we cannot do."""

    status_code = 422


class NotFound(PlanassistError):
    status_code = 404


class IndexNotReady(PlanassistError):
    """No index has been built yet (or it cannot be read)."""

    status_code = 503


class BackendUnavailable(PlanassistError):
    """A configured server (Chroma, Redis) does not answer; the next request tries again."""

    status_code = 503


class ModelUnavailable(PlanassistError):
    """A model could not be fetched, verified or loaded."""

    status_code = 503


class DatabaseUnavailable(PlanassistError):
    """The database of saved work cannot be reached (or a SQLite file stays locked)."""

    status_code = 503


class DocumentError(PlanassistError):
    """A document cannot be read: broken, encrypted, empty, binary or unsupported."""

    status_code = 422


class PayloadTooLarge(PlanassistError):
    status_code = 413


class UnsupportedMediaType(DocumentError):
    """An upload of a kind we cannot read."""

    status_code = 415


class Conflict(PlanassistError):
    """The request clashes with what exists (e.g. a file name already in the corpus)."""

    status_code = 409


class Unauthorized(PlanassistError):
    """No valid sign-in: no session, an unknown or revoked API token, a wrong password."""

    status_code = 401


class Forbidden(PlanassistError):
    """Signed in, but the user's role does not allow this."""

    status_code = 403
