"""KakaoTalk: an Open Builder skill server that translates between Kakao and the diary use-cases.

The skill exists only when CRAYON_KAKAO_SKILL_SECRET is set (see `register`). Kakao waits 5 seconds
for a skill answer. A diary is committed and acknowledged at once; the drawing goes to the block's one-time callback
URL (valid one minute) when there is one, else it comes with the child's next message. Images are never uploaded:
Kakao fetches them from `/images/<id>.png?until=…&sig=…` (bot/usecases/image_links.py).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import aiohttp
from aiohttp import web
from pydantic import ValidationError

from bot import messages
from bot.domain import CommandName
from bot.errors import BodyTooLargeError
from bot.jobs.outbound import AlbumMessage
from bot.settings import KakaoSettings
from bot.transports.kakao_courier import KakaoCourier
from bot.transports.kakao_payload import (
    AFTER_DRAWING,
    CARD_LIMIT,
    DEFAULT_REPLIES,
    MAX_BODY_BYTES,
    PARENT_REPLIES,
    SkillPayload,
    callback_answer,
    callback_url_allowed,
    from_our_bot,
    help_card,
    is_attachment,
    quick_reply,
    read_body,
    simple_image,
    simple_text,
    skill_response,
)
from bot.transports.secret_check import matches_secret
from bot.usecases.commands import WORDS_HELP, Command, parse_command, spelled
from bot.usecases.conversation import Action, Conversation, Reply
from bot.usecases.services import Services
from bot.wording import month_day
from storage.errors import TooManyNewUsersError
from storage.records import ClaimedJob, Contact, Drawing, FailureKind, Platform

logger = logging.getLogger(__name__)

PLATFORM = Platform.KAKAO
# Kakao sends no message id: the same text from the same child within this window is a retry.
RETRY_WINDOW_SECONDS = 60
BY_CALLBACK = frozenset({CommandName.DRAW, CommandName.AGAIN, CommandName.OTHER})
"""Commands that queue a drawing: it comes by callback where Kakao gives one."""
# Open Builder's skill settings can send this header instead of the secret in the path.
SECRET_HEADER = "X-Crayon-Skill-Secret"


class KakaoSkill:
    """`POST /kakao/<secret>/skill`: commands and diaries from KakaoTalk, answered within Kakao's 5 seconds."""

    def __init__(self, services: Services, settings: KakaoSettings) -> None:
        self.services = services
        self.settings = settings
        self.service = services.diaries
        self.handover = services.handover
        self.conversation = Conversation(services, help_text=WORDS_HELP, words=True)
        self.courier = KakaoCourier(
            services.handover, self.drawing_answer, late_after_seconds=settings.kakao_callback_seconds
        )
        self.image_url = services.image_links.url

    async def handle(self, request: web.Request) -> web.Response:
        """Check the request, deliver what is ready, then answer the utterance."""
        # 1. check the request: size, JSON, shape, the bot it comes from
        try:
            body = await read_body(request, MAX_BODY_BYTES)
        except BodyTooLargeError:
            return web.json_response({"error": "request too large"}, status=413)
        except aiohttp.ClientPayloadError:
            return web.json_response({"error": "could not read the request"}, status=400)
        try:
            payload = SkillPayload.model_validate_json(body)
        except ValidationError as error:
            first = error.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "body"
            return web.json_response({"error": f"not a Kakao SkillPayload: {where}: {first['msg']}"}, status=400)
        if not from_our_bot(payload.bot.id, self.settings.kakao_bot_id):
            return web.json_response({"error": "unknown bot"}, status=403)
        try:
            return await self.answer(payload)
        except TooManyNewUsersError as error:
            logger.warning("kakao call not handled: %s", error)
            crisis = self.service.help_without_storing(payload.userRequest.utterance)
            if crisis is not None:
                card = help_card(messages.receipt_text(crisis), messages.help_calls(crisis.crisis))
                return web.json_response(skill_response([card], DEFAULT_REPLIES))
            return web.json_response(skill_response([simple_text(messages.TOO_MANY_NEW_FRIENDS)], DEFAULT_REPLIES))
        except Exception:
            # Kakao shows a skill error as a bare failure: the child gets a kind Korean answer instead.
            logger.exception("kakao call failed")
            return web.json_response(skill_response([simple_text(messages.ERROR_TRY_AGAIN)], DEFAULT_REPLIES))

    async def answer(self, payload: SkillPayload) -> web.Response:
        """Deliver what is ready, then answer the utterance of a checked call."""
        sender = Contact(PLATFORM, payload.userRequest.user.id, payload.userRequest.user.id)
        user = await self.service.user(sender)

        # 2. what finished since the child last wrote, unless a callback is about to bring it
        pending = [
            (claimed, drawing)
            for claimed, drawing in await self.handover.waiting_for(user.id, CARD_LIMIT)
            if not self.courier.has_callback(claimed.job.id)
        ]

        # 3. the utterance: a photo gets a hint, a command its answer, anything else is a diary
        utterance = payload.userRequest.utterance
        command = parse_command(utterance)
        callback_url = payload.userRequest.callbackUrl
        if is_attachment(payload.userRequest):
            # The utterance is then a signed CDN address (a credential): never stored, never logged.
            logger.info("kakao: an attachment, not text; nothing stored")
            answer = skill_response([simple_text(messages.NOT_TEXT)], DEFAULT_REPLIES)
        elif command is None:
            reply = await self.conversation.diary(sender, utterance, same_text_window_seconds=RETRY_WINDOW_SECONDS)
            receipt = reply.receipt
            logger.info("kakao message: %d chars, %s", len(utterance), receipt.status if receipt else "talk")
            waiting = None if pending else self._by_callback(reply, user.id, callback_url)
            if waiting is not None:
                return web.json_response(waiting)
            answer = self.render(reply)
        elif command.name in BY_CALLBACK and not pending:
            # Yes to "shall I draw it?", or draw it again: the drawing comes by callback, as a diary's does.
            reply = await self.conversation.handle(
                sender, command, retry_window_seconds=RETRY_WINDOW_SECONDS, said=utterance
            )
            answer = self._by_callback(reply, user.id, callback_url) or self.render(reply)
        else:
            answer = await self.command(sender, command, utterance)
            # The command may have deleted them (기록 삭제 확인): a deleted drawing is never shown.
            pending = [item for item in pending if await self.handover.still_due(item[0].job.id)]
        # The help a child in crisis reads comes alone: earlier drawings wait for the next message.
        if pending and not any("textCard" in output for output in answer["template"]["outputs"]):
            answer = self._with_pending(answer, pending)
            for claimed, _ in pending:
                await self.handover.delivered(claimed.job.id)
                self.courier.forget(claimed.job.id)
        template = answer.get("template", {})  # a callback's answer has none
        if template.get("quickReplies") == DEFAULT_REPLIES and await self.conversation.is_parent(sender):
            template["quickReplies"] = PARENT_REPLIES
        return web.json_response(answer)

    def _by_callback(self, reply: Reply, user_id: int, callback_url: str | None) -> dict[str, Any] | None:
        """The answer that says a queued drawing comes by callback, and the callback expected; None when it
        cannot come so (nothing queued, no callback, or an address not allowed)."""
        receipt = reply.receipt
        if receipt is None or receipt.status != "queued" or receipt.job_id is None or not callback_url:
            return None
        if not callback_url_allowed(callback_url, self.settings.kakao_callback_prefixes):
            logger.warning(
                "kakao: callback URL not in CRAYON_KAKAO_CALLBACK_PREFIXES; the drawing comes with the next message"
            )
            return None
        self.courier.expect(receipt.job_id, user_id, callback_url)
        return callback_answer(reply.text or messages.acknowledgement(receipt.ahead))

    async def command(self, sender: Contact, command: Command, said: str = "") -> dict[str, Any]:
        """Answer a command utterance (or quick reply): the conversation's reply, rendered for Kakao."""
        # No request id from Kakao: the same redraw again within the retry window is a retry.
        reply = await self.conversation.handle(sender, command, retry_window_seconds=RETRY_WINDOW_SECONDS, said=said)
        return self.render(reply)

    def render(self, reply: Reply) -> dict[str, Any]:
        """A reply as Kakao shows it: drawings as an image or a carousel, albums as cards, the text, quick
        replies (the offered actions, then the usual ones)."""
        outputs: list[dict[str, Any]] = []
        if reply.drawings:
            outputs = self._drawing_outputs(reply.drawings, reply.timezone, with_dates=True)
        if reply.albums:
            outputs = self._album_outputs(reply.albums)
        if reply.text is not None:
            text = reply.text
            if reply.receipt is not None and reply.receipt.status == "queued":
                text += "\n" + messages.KAKAO_NEXT_MESSAGE
            outputs.append(help_card(text, reply.calls) if reply.calls else simple_text(text))
        replies = [quick_reply(_action_label(action)) for action in reply.actions]
        return skill_response(outputs, AFTER_DRAWING if reply.drawings else [*replies, *DEFAULT_REPLIES])

    def _album_outputs(self, albums: list[AlbumMessage]) -> list[dict[str, Any]]:
        """A parent's albums: a card per child (the collage, the summary, a link to the web album)."""
        cards = []
        notes = []
        for message in albums[:CARD_LIMIT]:
            week = message.album
            if week.distress_days:
                notes.append(messages.distress_note(week.nickname, week.distress_days))
            if not week.items:
                notes.append(messages.album_empty(week.nickname, week.span))
                continue
            card: dict[str, Any] = {
                "title": f"{week.nickname}의 그림일기 {week.span}"[:50],
                "description": f"{week.summary()}\n{week.chart()}"
                + (f"\n{messages.ALBUM_PREVIEW}" if week.preview else ""),
                # fixedRatio: a square frame that shows the whole (tall) collage; false crops it to 2:1.
                "thumbnail": {"imageUrl": message.collage_url, "fixedRatio": True},
            }
            if message.page_url:
                card["buttons"] = [{"action": "webLink", "label": "앨범 보기", "webLinkUrl": message.page_url}]
            cards.append(card)
        outputs: list[dict[str, Any]] = []
        if len(cards) == 1:
            outputs.append({"basicCard": cards[0]})
        elif cards:
            outputs.append({"carousel": {"type": "basicCard", "items": cards}})
        if notes:
            outputs.append(simple_text("\n\n".join(notes)))
        return outputs

    def drawing_answer(self, outcomes: list[tuple[ClaimedJob, Drawing | None]]) -> dict[str, Any]:
        """The SkillResponse that hands over finished drawings (and failures, kindly)."""
        drawings = [drawing for _, drawing in outcomes if drawing is not None]
        timezone = outcomes[0][0].user.timezone if outcomes else "UTC"
        outputs = self._drawing_outputs(drawings, timezone, with_dates=len(drawings) > 1) if drawings else []
        failures = [claimed.job.error for claimed, drawing in outcomes if drawing is None]
        if failures:
            # A child in crisis reads the help text, whatever else failed beside it.
            error = FailureKind.DISTRESS if FailureKind.DISTRESS in failures else failures[0]
            outputs = [*outputs[:2], simple_text(messages.failure_text(error))]
        return skill_response(outputs, AFTER_DRAWING if drawings else DEFAULT_REPLIES)

    def _drawing_outputs(self, drawings: list[Drawing], timezone: str, *, with_dates: bool) -> list[dict[str, Any]]:
        """Drawings as an image and its caption, or as a carousel; dates are the child's (`timezone`)."""
        if len(drawings) == 1:
            drawing = drawings[0]
            when = month_day(drawing.created_at, timezone) if with_dates else None
            caption = messages.drawing_caption(drawing.emotion, drawing.preview, when)
            return [simple_image(self.image_url(drawing), messages.image_alt(drawing.emotion)), simple_text(caption)]
        cards = []
        for drawing in drawings[:CARD_LIMIT]:
            url = self.image_url(drawing)
            cards.append(
                {
                    "title": f"{month_day(drawing.created_at, timezone)} {messages.mood_name(drawing.emotion)}",
                    "description": messages.drawing_caption(drawing.emotion, drawing.preview)[:200],
                    # fixedRatio: a square frame that shows the whole drawing; false crops it to 2:1.
                    "thumbnail": {"imageUrl": url, "fixedRatio": True},
                    "buttons": [{"action": "webLink", "label": "크게 보기", "webLinkUrl": url}],
                }
            )
        return [{"carousel": {"type": "basicCard", "items": cards}}]

    def _with_pending(self, answer: dict[str, Any], pending: list[tuple[ClaimedJob, Drawing | None]]) -> dict[str, Any]:
        """Put drawings that were waiting for this message before the answer itself (at most 3 outputs)."""
        delivered = self.drawing_answer(pending)["template"]["outputs"]
        outputs = answer["template"]["outputs"]
        media = [output for output in delivered if "simpleText" not in output]
        # The answer's own cards (a parent's album) stay beside the drawings.
        cards = [output for output in outputs if "simpleText" not in output][:1]
        media = [*media[: 2 - len(cards)], *cards]
        texts = [output["simpleText"]["text"] for output in [*delivered, *outputs] if "simpleText" in output]
        merged = [*media[:2], simple_text("\n\n".join(texts))] if texts else media[:3]
        offered = answer["template"].get("quickReplies", [])
        # The answer's own offers (그려 줘, 아니) stay first: the drawings' usual ones follow them.
        replies = [*[reply for reply in offered if reply not in DEFAULT_REPLIES], *AFTER_DRAWING] if media else offered
        return skill_response(merged, replies[:10])


def register(app: web.Application, settings: KakaoSettings, skill: Callable[[], KakaoSkill]) -> None:
    """Add the skill's routes, only when `CRAYON_KAKAO_SKILL_SECRET` is set: without it Kakao is off and
    its paths do not exist (404). `skill()` gives the skill once the bot has started."""
    secret = settings.kakao_skill_secret
    if secret is None:
        return
    expected = secret.get_secret_value()

    async def skill_call(request: web.Request) -> web.Response:
        """POST /kakao/<secret>/skill, or /kakao/skill with the secret header: Open Builder's skill calls."""
        given = request.match_info.get("secret")
        if given is None:
            given = request.headers.get(SECRET_HEADER, "")
        # Without the secret this looks exactly like a server without Kakao: 404 for any method.
        if not matches_secret(given, expected):
            raise web.HTTPNotFound()
        if request.method != "POST":
            raise web.HTTPMethodNotAllowed(request.method, ["POST"])
        return await skill().handle(request)

    app.router.add_route("*", "/kakao/{secret}/skill", skill_call)
    app.router.add_route("*", "/kakao/skill", skill_call)


def _action_label(action: Action) -> str:
    """The quick reply that asks for `action` (what the child would type: `기록 삭제 확인`, `기록 삭제 2 확인`)."""
    return spelled(action.command, words=True)
