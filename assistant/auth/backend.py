"""``Authenticator``: the one place that says who a request comes from.

Auth off: always the local user, with every right (one laptop, nobody else). Auth on: a
bearer token (scripts, chat tools) or the signed session cookie (the web interface);
accounts are read on every request, so a changed role or a removed user takes effect at once.
"""

from __future__ import annotations

import logging
import os
import secrets

from starlette.requests import Request

from assistant.auth.accounts import Account, AccountStore
from assistant.auth.oidc import OidcSignIn
from assistant.auth.roles import Role, User
from assistant.auth.tokens import TokenStore
from assistant.errors import Unauthorized
from assistant.settings import Settings
from assistant.storage import location

log = logging.getLogger("planassist")

SESSION_USER = "user"


def bearer(request: Request) -> str | None:
    """The token from ``Authorization: Bearer …``, if one was sent."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    return (token.strip() or None) if scheme.lower() == "bearer" else None


class Authenticator:
    """Identify requests and keep sessions, per ``settings.auth``.

    >>> auth = Authenticator(settings)
    >>> user = auth.identify(request)     # None: nobody signed in (auth on)
    """

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.mode = settings.auth
        self.accounts = AccountStore(location(settings, "accounts"))
        self.tokens = TokenStore(self.accounts)
        self.oidc = OidcSignIn(settings) if self.mode == "oidc" else None

    @property
    def enabled(self) -> bool:
        return self.mode != "none"

    def identify(self, request: Request) -> User | None:
        if not self.enabled:
            return User(self.settings.local_user, Role.admin)
        token = bearer(request)
        if token is not None:
            account = self.tokens.account(token)
            if account is None:
                raise Unauthorized("the API token is unknown or has been revoked")
            return account.user("token")
        name = request.session.get(SESSION_USER)
        account = self.accounts.find(name) if isinstance(name, str) else None
        if account is None:
            request.session.pop(SESSION_USER, None)
            return None
        return account.user("session")

    def sign_in(self, request: Request, account: Account) -> None:
        """Start a fresh session (a new cookie, so a planted one is never promoted)."""
        request.session.clear()
        request.session[SESSION_USER] = account.name

    def sign_out(self, request: Request) -> None:
        request.session.clear()

    def session_secret(self) -> str:
        """The cookie-signing key: from the settings, else one kept in the data dir."""
        if self.settings.session_secret:
            return self.settings.session_secret
        path = self.settings.data_dir / "session.key"
        if path.exists() and (saved := path.read_text().strip()):
            return saved
        # Whole or not at all, and one key however many API workers start together: each
        # writes its own under a hidden name, and the first to link it in place wins.
        pending = path.with_name(f".{path.name}.{os.getpid()}")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = os.open(pending, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(handle, "w") as out:
                out.write(secrets.token_urlsafe(48))
            try:
                os.link(pending, path)
            except FileExistsError:
                if not path.read_text().strip():  # left empty by an older planassist
                    os.replace(pending, path)
            return path.read_text().strip()
        except OSError as exc:  # e.g. a full disk: serve anyway, sign-ins last until restart
            log.warning("cannot save %s (%s); sessions end when the server stops", path, exc)
            return secrets.token_urlsafe(48)
        finally:
            pending.unlink(missing_ok=True)
