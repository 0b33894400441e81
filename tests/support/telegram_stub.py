"""A local stand-in for Telegram's Bot API on 127.0.0.1: real HTTP, real python-telegram-bot on the other end.

It keeps a queue of updates for getUpdates (long polling), records every call the bot makes, checks
Telegram's limits (4096-character texts, 1024-character captions, no parse mode), and can answer
429 "Too Many Requests" on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import time
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_USER = {"id": 1000, "is_bot": True, "first_name": "Crayon", "username": "crayon_test_bot"}
JSON_FIELDS = {"reply_markup", "reply_parameters", "allowed_updates", "commands", "media", "link_preview_options"}


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)
    at: float = field(default_factory=time.monotonic)


class BotApiStub:
    """Serves /bot<token>/<method>; tests push updates and read `calls`."""

    def __init__(self, token: str = "123456:TEST-TOKEN", long_poll_seconds: float = 0.5) -> None:
        self.token = token
        self.long_poll_seconds = long_poll_seconds
        self.calls: list[Call] = []
        self.pending: list[dict[str, Any]] = []
        self.too_many: dict[str, int] = {}
        """method → how many of its next calls get a 429."""
        self.retry_after = 1
        self.broken: dict[str, int] = {}
        """method → how many of its next calls get a 400 Bad Request."""
        self.broken_description = "Bad Request: test"
        self.refused_file_ids: set[str] = set()
        self.unreachable_chats: set[str] = set()
        """Chats the bot was removed from: a sendMessage there gets 403 Forbidden."""
        self.delays: dict[str, float] = {}
        """method → seconds each of its calls waits before it is answered."""
        self.arrived: list[str] = []
        """Every method called, in order, as soon as the call arrives (before any delay)."""
        """File ids Telegram no longer knows: a send that uses one gets 400 wrong file identifier."""
        self.dropped: dict[str, int] = {}
        """method → how many of its next calls lose their connection without an answer (a network error)."""
        self.delivered_at: dict[int, float] = {}
        """update_id → when getUpdates handed it to the bot."""
        self.uploaded: dict[str, bytes] = {}
        """file_id → the bytes of a file a child sent (a voice message), for getFile and its download."""
        self.downloads: list[str] = []
        """The file paths the bot downloaded, in order."""
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(5000)
        self._files = itertools.count(1)
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- the server -----------------------------------------------------------------------------

    async def start(self) -> None:
        app = web.Application(client_max_size=50 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        app.router.add_get("/file/bot{token}/{path:.+}", self._download)
        # Calls held back by `delays` are cut off at the end rather than waited for.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1])

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def base_file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    # -- what tests do --------------------------------------------------------------------------

    def push(self, payload: dict[str, Any]) -> int:
        """Queue an update (the key and value of its content, e.g. {"message": {...}}); return its id."""
        update_id = next(self._update_ids)
        self.pending.append({"update_id": update_id, **payload})
        asyncio.get_running_loop().create_task(self._notify())
        return update_id

    def push_again(self, update_id: int) -> None:
        """Deliver an update a second time, as Telegram does after a crash."""
        original = next(call for call in self._history if call["update_id"] == update_id)
        self.pending.append(json.loads(json.dumps(original)))
        asyncio.get_running_loop().create_task(self._notify())

    def text(self, chat_id: int, text: str, *, message_id: int | None = None) -> int:
        """A child writes `text` in a private chat."""
        message = self._message(chat_id, message_id)
        message["text"] = text
        if text.startswith("/"):
            length = len(text.split(" ", 1)[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return self.push({"message": message})

    def sticker(self, chat_id: int) -> int:
        message = self._message(chat_id)
        message["sticker"] = {
            "file_id": "sticker-1",
            "file_unique_id": "s1",
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
        }
        return self.push({"message": message})

    def photo(self, chat_id: int, *, caption: str | None = None) -> int:
        message = self._message(chat_id)
        message["photo"] = [{"file_id": "photo-1", "file_unique_id": "p1", "width": 90, "height": 90}]
        if caption is not None:
            message["caption"] = caption
        return self.push({"message": message})

    def voice(
        self,
        chat_id: int,
        data: bytes = b"",
        *,
        seconds: int = 2,
        kind: str = "voice",
        size: int | None = None,
        caption: str | None = None,
        forwarded: bool = False,
    ) -> int:
        """A child sends a recording: a voice message (OGG/Opus), an `audio` file or a round `video_note`;
        `size` is what Telegram says of its size (its real size unless given); `forwarded`: someone else's,
        passed on."""
        message = self._message(chat_id)
        if forwarded:
            grown_up = {"id": 4242, "is_bot": False, "first_name": "Someone"}
            message["forward_origin"] = {"type": "user", "date": message["date"] - 60, "sender_user": grown_up}
        file_id = f"{kind}-{next(self._files)}"
        self.uploaded[file_id] = data
        media: dict[str, Any] = {"file_id": file_id, "file_unique_id": f"u-{file_id}", "duration": seconds}
        media["file_size"] = len(data) if size is None else size
        if kind == "video_note":
            media["length"] = 240
        message[kind] = media
        if caption is not None:
            message["caption"] = caption
        return self.push({"message": message})

    def press(self, chat_id: int, data: str | None, *, query_id: str | None = None, group_id: int | None = None) -> int:
        """The child presses an inline button whose callback data is `data` (None: a button without data),
        in their own chat or, with `group_id`, under a message in a group chat."""
        message = {**self._message(chat_id), "from": BOT_USER, "text": "drawing"}
        if group_id is not None:
            message["chat"] = {"id": group_id, "type": "group", "title": "우리 반"}
        query: dict[str, Any] = {
            "id": query_id or f"cbq-{next(self._files)}",
            "from": self._child(chat_id),
            "chat_instance": f"ci-{chat_id}",
            "message": message,
        }
        if data is not None:
            query["data"] = data
        return self.push({"callback_query": query})

    def sent(self, method: str, chat_id: int | str | None = None) -> list[Call]:
        """Calls of `method` (to `chat_id`)."""
        return [
            call
            for call in self.calls
            if call.method == method and (chat_id is None or str(call.params.get("chat_id")) == str(chat_id))
        ]

    def texts(self, chat_id: int) -> list[str]:
        return [str(call.params["text"]) for call in self.sent("sendMessage", chat_id)]

    async def wait_for(self, predicate: Any, timeout: float = 30.0) -> None:
        """Wait until `predicate()` is true (checked after every call the bot makes)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(predicate), timeout)

    # -- internals ------------------------------------------------------------------------------

    @property
    def _history(self) -> list[dict[str, Any]]:
        return self.__dict__.setdefault("_all_updates", [])

    def _child(self, chat_id: int) -> dict[str, Any]:
        return {"id": chat_id, "is_bot": False, "first_name": f"Kid{chat_id}", "language_code": "ko"}

    def _message(self, chat_id: int, message_id: int | None = None) -> dict[str, Any]:
        return {
            "message_id": message_id or next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private", "first_name": f"Kid{chat_id}"},
            "from": self._child(chat_id),
        }

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        method = request.match_info["method"]
        params, files = await self._parameters(request)
        if self.too_many.get(method, 0) > 0:
            self.too_many[method] -= 1
            self.calls.append(Call(f"{method}:429", params))
            await self._notify()
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {self.retry_after}",
                    "parameters": {"retry_after": self.retry_after},
                },
                status=429,
            )
        if self.dropped.get(method, 0) > 0:
            self.dropped[method] -= 1
            self.calls.append(Call(f"{method}:dropped", params))
            await self._notify()
            if request.transport is not None:
                request.transport.close()
            raise ConnectionResetError("dropped by the test")
        if method == "sendMessage" and str(params.get("chat_id")) in self.unreachable_chats:
            self.calls.append(Call(f"{method}:403", params))
            await self._notify()
            return web.json_response(
                {"ok": False, "error_code": 403, "description": "Forbidden: bot was kicked from the group chat"},
                status=403,
            )
        if self.broken.get(method, 0) > 0:
            self.broken[method] -= 1
            self.calls.append(Call(f"{method}:400", params))
            await self._notify()
            return web.json_response(
                {"ok": False, "error_code": 400, "description": self.broken_description}, status=400
            )
        if method == "getUpdates":
            return await self._get_updates(params)
        self.arrived.append(method)
        if self.delays.get(method):
            await self._notify()
            await asyncio.sleep(self.delays[method])
            if request.transport is None or request.transport.is_closing():
                # The bot gave up on the call (cancelled it) before Telegram took it: nothing reaches the chat.
                self.calls.append(Call(f"{method}:aborted", params, files))
                await self._notify()
                return web.json_response({"ok": False, "error_code": 499, "description": "aborted"}, status=499)
        problem = self._check(method, params)
        if problem:
            self.calls.append(Call(f"{method}:400", params, files))
            await self._notify()
            return web.json_response({"ok": False, "error_code": 400, "description": problem}, status=400)
        self.calls.append(Call(method, params, files))
        result = self._result(method, params)
        await self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _download(self, request: web.Request) -> web.Response:
        """GET /file/bot<token>/<file_path>: a file getFile named."""
        if request.match_info["token"] != self.token:
            return web.Response(status=401)
        path = request.match_info["path"]
        file_id = path.rsplit("/", 1)[-1]
        if file_id not in self.uploaded:
            return web.Response(status=404)
        self.downloads.append(path)
        await self._notify()
        return web.Response(body=self.uploaded[file_id], content_type="application/octet-stream")

    async def _parameters(self, request: web.Request) -> tuple[dict[str, Any], dict[str, bytes]]:
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        if request.content_type == "application/json":
            params = await request.json() if request.can_read_body else {}
        else:
            form = await request.post()
            for key, value in form.items():
                if isinstance(value, web.FileField):
                    files[key] = value.file.read()
                else:
                    params[key] = value
        params.update(request.query)
        for key in JSON_FIELDS & params.keys():
            if isinstance(params[key], str):
                params[key] = json.loads(params[key])
        return params, files

    async def _get_updates(self, params: dict[str, Any]) -> web.Response:
        offset = int(params.get("offset", 0) or 0)
        if offset:
            self.pending = [update for update in self.pending if update["update_id"] >= offset]
        if not self.pending:
            timeout = min(float(params.get("timeout", 0) or 0), self.long_poll_seconds)
            async with self._changed:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait_for(lambda: bool(self.pending)), timeout)
        batch = self.pending[:100]
        now = time.monotonic()
        for update in batch:
            self.delivered_at.setdefault(update["update_id"], now)
            if update not in self._history:
                self._history.append(update)
        if batch:
            await self._notify()
        return web.json_response({"ok": True, "result": batch})

    def _check(self, method: str, params: dict[str, Any]) -> str | None:
        if "parse_mode" in params:
            return "the bot must send plain text (no parse_mode)"
        if method == "sendMessage" and len(str(params.get("text", ""))) > 4096:
            return "Bad Request: message is too long"
        if len(str(params.get("caption", ""))) > 1024:
            return "Bad Request: message caption is too long"
        if method in ("sendMessage", "sendPhoto", "sendChatAction", "sendMediaGroup") and "chat_id" not in params:
            return "Bad Request: chat_id is empty"
        if method == "getFile" and str(params.get("file_id")) not in self.uploaded:
            return "Bad Request: invalid file_id"
        used = [params.get("photo")] + [item.get("media") for item in params.get("media") or []]
        if any(isinstance(file_id, str) and file_id in self.refused_file_ids for file_id in used):
            return "Bad Request: wrong file identifier/HTTP URL specified"
        return None

    def _sent_message(self, params: dict[str, Any]) -> dict[str, Any]:
        chat_id = int(params["chat_id"])
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
        }

    def _photo_sizes(self, given: Any) -> list[dict[str, Any]]:
        file_id = given if isinstance(given, str) and not given.startswith("attach://") else f"file-{next(self._files)}"
        return [{"file_id": file_id, "file_unique_id": f"u-{file_id}", "width": 512, "height": 512}]

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {**BOT_USER, "can_join_groups": False, "can_read_all_group_messages": False}
        if method == "sendMessage":
            return {**self._sent_message(params), "text": params["text"]}
        if method == "sendPhoto":
            message = self._sent_message(params)
            message["photo"] = self._photo_sizes(params.get("photo"))
            if "caption" in params:
                message["caption"] = params["caption"]
            return message
        if method == "sendMediaGroup":
            result = []
            for item in params["media"]:
                message = self._sent_message(params)
                message["photo"] = self._photo_sizes(item.get("media"))
                if "caption" in item:
                    message["caption"] = item["caption"]
                result.append(message)
            return result
        if method == "getFile":
            file_id = str(params["file_id"])
            folder = "video_notes" if file_id.startswith("video_note") else "voice"
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.uploaded[file_id]),
                "file_path": f"{folder}/{file_id}",
            }
        if method == "getWebhookInfo":
            return {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
        return True
