"""Addresses of drawings handed to a platform that fetches them itself (Kakao): each carries its last day
and a keyed signature, so an address works for `CRAYON_IMAGE_URL_DAYS` and knowing a drawing's id is not
enough to fetch it (an album page shows ids; its images are served only through the album)."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, date, timedelta

from bot.clock import Clock
from storage.records import Drawing

DAY_FORMAT = "%Y%m%d"


class ImageLinks:
    """Signs drawing addresses (`/images/<id>.png?until=YYYYMMDD&sig=…`) and checks them."""

    def __init__(self, secret: bytes, base_url: str, days: int, clock: Clock) -> None:
        self._key = hmac.new(secret, b"crayon image links", hashlib.sha256).digest()
        self.base_url = base_url
        self.days = days
        self.clock = clock

    def url(self, drawing: Drawing) -> str:
        """The drawing's address, valid through the `days`-th day from today (UTC); the same all day long."""
        until = (self.clock.now().astimezone(UTC).date() + timedelta(days=self.days)).strftime(DAY_FORMAT)
        return (
            f"{self.base_url}/images/{drawing.public_id}.png?until={until}&sig={self._sign(drawing.public_id, until)}"
        )

    def allows(self, public_id: str, until: str, signature: str) -> bool:
        """True for an address this server gave whose last day has not passed."""
        if not (len(until) == 8 and until.isascii() and until.isdigit()):
            return False
        expected = self._sign(public_id, until)
        if not hmac.compare_digest(signature.encode("utf-8", "surrogateescape"), expected.encode()):
            return False
        try:
            last_day = date(int(until[:4]), int(until[4:6]), int(until[6:]))
        except ValueError:
            return False
        return self.clock.now().astimezone(UTC).date() <= last_day

    def _sign(self, public_id: str, until: str) -> str:
        digest = hmac.new(self._key, f"{public_id}\n{until}".encode(), hashlib.sha256).digest()[:18]
        return base64.urlsafe_b64encode(digest).decode()
