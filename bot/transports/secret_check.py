"""The one way a transport compares a secret a caller sent (a header, a path segment) with its own."""

from __future__ import annotations

import hmac


def matches_secret(given: str, expected: str) -> bool:
    """True when `given` is `expected`, compared in constant time. A header that is not UTF-8 reaches us with
    its bytes kept as surrogates: it is compared as those bytes, so it is simply a wrong secret."""
    return hmac.compare_digest(given.encode("utf-8", "surrogateescape"), expected.encode())
