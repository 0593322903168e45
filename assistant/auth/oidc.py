"""OpenID Connect sign-in through Authlib's Starlette client (Entra ID, ID-porten, Keycloak).

The provider is found from its issuer's discovery document; the code flow uses PKCE; the
ID token's claims give the user name, through ``oidc_roles`` the role and, when
``oidc_organisation_claim`` is set, the organisation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from authlib.integrations.starlette_client import OAuth, OAuthError
from starlette.requests import Request
from starlette.responses import Response

from assistant.auth.roles import Role, role_from_claims
from assistant.errors import Forbidden, PlanassistError, Unauthorized
from assistant.scope import check_organisation
from assistant.settings import Settings

NAME_CLAIMS = ("preferred_username", "email", "sub")
"""The first of these the ID token holds is the user name (what drafts are owned by)."""


class OidcSignIn:
    """Redirect to the provider, and turn its answer into a user name, display name, role.

    >>> oidc = OidcSignIn(settings)
    >>> return await oidc.redirect(request, str(request.url_for("auth_callback")))
    >>> name, display, role = oidc.identity(await oidc.claims(request))
    """

    def __init__(self, settings: Settings) -> None:
        needed = ("oidc_issuer", "oidc_client_id", "oidc_client_secret")
        missing = [f"PLANASSIST_{n.upper()}" for n in needed if not getattr(settings, n)]
        if missing:
            raise PlanassistError(f"PLANASSIST_AUTH=oidc needs {', '.join(missing)}")
        self.settings = settings
        self.client = OAuth().register(
            "planassist",
            client_id=settings.oidc_client_id,
            client_secret=settings.oidc_client_secret,
            server_metadata_url=f"{str(settings.oidc_issuer).rstrip('/')}"
            "/.well-known/openid-configuration",
            client_kwargs={"scope": settings.oidc_scopes, "code_challenge_method": "S256"},
        )

    async def redirect(self, request: Request, callback_url: str) -> Response:
        return await self.client.authorize_redirect(request, callback_url)

    async def claims(self, request: Request) -> Mapping[str, Any]:
        """The verified ID token's claims (refused or tampered answers are a 401)."""
        try:
            token = await self.client.authorize_access_token(request)
        except OAuthError as exc:
            raise Unauthorized(f"the sign-in was not completed: {exc.description or exc}") from None
        return token.get("userinfo") or await self.client.userinfo(token=token)

    def identity(self, claims: Mapping[str, Any]) -> tuple[str, str | None, Role]:
        name = next((str(claims[c]) for c in NAME_CLAIMS if claims.get(c)), None)
        if name is None:
            raise Unauthorized("the identity provider sent no user name (sub)")
        mapping = {value: Role(role) for value, role in self.settings.oidc_roles.items()}
        default = None if self.settings.oidc_default_role == "none" else Role.reader
        role = role_from_claims(claims, self.settings.oidc_role_claim, mapping, default)
        if role is None:
            raise Forbidden(
                f"{name} is in no group that gives access to planassist; ask an administrator"
            )
        return name, claims.get("name"), role

    def organisation(self, claims: Mapping[str, Any]) -> tuple[str | None, bool]:
        """The organisation the claims give, and whether they speak about it at all
        (``oidc_organisation_claim`` unset: no, an admin sets it). Mapped through
        ``oidc_organisations``, or taken as it is; two different ones are refused."""
        claim = self.settings.oidc_organisation_claim
        if not claim:
            return None, False
        value = claims.get(claim)
        values = value if isinstance(value, list | tuple) else [value]
        mapping = self.settings.oidc_organisations
        found = {
            mapping.get(str(v)) if mapping else str(v).lower() for v in values if v is not None
        } - {None}
        if len(found) > 1:
            raise Forbidden(
                f"the identity provider places this user in several organisations"
                f" ({', '.join(sorted(str(f) for f in found))}); ask an administrator"
            )
        organisation = found.pop() if found else None
        return (check_organisation(str(organisation)) if organisation else None), True
