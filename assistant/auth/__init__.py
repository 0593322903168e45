"""Who is asking, and what they may do.

``PLANASSIST_AUTH`` chooses: ``none`` (one local user with every right: `make run` on a
laptop), ``local`` (accounts with argon2 password hashes, API tokens for scripts) or
``oidc`` (OpenID Connect through Authlib, groups mapped to roles). The web interface keeps
a signed session cookie; scripts and the OpenAI-compatible endpoint send a bearer token.
"""
