"""Everything the bot says to a child, in one place: short, warm Korean (friendly 반말, as to a young friend).

Plain text only: no Markdown or HTML, so nothing a child types can break the formatting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.messages import links, talk
from bot.messages.albums import ALBUM_PREVIEW as ALBUM_PREVIEW
from bot.messages.albums import BOOK_LINK_LABEL as BOOK_LINK_LABEL
from bot.messages.albums import album_caption as album_caption
from bot.messages.albums import album_empty as album_empty
from bot.messages.albums import album_expired as album_expired
from bot.messages.albums import album_link as album_link
from bot.messages.albums import distress_note as distress_note
from bot.wording import particle, quote_particle, spoken_time
from engine.moods import mood_of
from storage.records import FailureKind

if TYPE_CHECKING:
    from bot.domain import Receipt


def welcome(style: str, mine: str, help_command: str) -> str:
    """The first hello, each command as the platform's children send it (`/style 행복`, `'기분 행복'`)."""
    return (
        "안녕! 나는 크레용 일기야 🖍️\n"
        "오늘 있었던 일을 한두 줄로 적어서 보내 줘. 일기를 읽고 그 기분에 맞는 그림을 그려 줄게!\n\n"
        f"{style} — 그림 기분 고르기\n"
        f"{mine} — 내가 받은 그림 다시 보기\n"
        f"{help_command} — 도움말"
    )


WELCOME = welcome("/style 행복", "/mydrawings", "/help")
CONSOLE_QUIT = "(/quit으로 끝내기)"

EMPTY_DIARY = "앗, 글자가 안 보여 🙈 오늘 있었던 일을 한두 문장으로 적어 줄래?"
TOO_SHORT = "그림으로 그리려면 조금만 더 알려 줘! 오늘 무슨 일이 있었는지 한 문장만 적어 볼래? ✏️"
# A child in crisis: two or three short sentences a 7-year-old understands, the numbers said plainly (112 for
# someone who hurts them, free and for children too; 1388 to talk, by phone, text #1388 or Kakao's channel; 119
# when it is urgent). Never a word that a grown-up was told. A mobile phone reaches 1388 only with an area code
# in front (from a landline 1388 alone is the local centre): 02-1388, Seoul's, answers every phone, day and night.
HELPLINE_MOBILE = "02-1388"
DISTRESS = (
    "말해 줘서 정말 고마워, 네 잘못이 아니고 너는 아주 소중해 💛 "
    f"믿는 어른이나 1388(휴대폰은 {HELPLINE_MOBILE}, 문자 #1388, 카톡 '청소년상담1388')에 꼭 이야기해 줘. "
    "많이 위험하면 바로 119에 전화해."
)
HURT_HELP = (
    "말해 줘서 고마워, 네 잘못이 아니야 💛 "
    "누가 너를 아프게 하면 112에 전화해, 돈도 안 들고 어린이도 걸 수 있어. "
    f"이야기하고 싶으면 1388(휴대폰은 {HELPLINE_MOBILE}, 문자 #1388, 카톡 '청소년상담1388'), 아주 급하면 119야."
)
# One warm line before the answer to a sad or worried day; its drawing comes as always.
WORRY_LINE = "많이 속상했구나. 들려줘서 고마워 💛"


# The numbers under the help text, where a platform can dial them (Kakao's phone buttons): label, number.
# Kakao's phone buttons are pressed on a phone: 1388 with the area code that answers every phone.
HELP_CALLS_TALK = (("1388에 전화하기", HELPLINE_MOBILE), ("119에 전화하기", "119"))
HELP_CALLS_HURT = (("112에 전화하기", "112"), ("1388에 전화하기", HELPLINE_MOBILE), ("119에 전화하기", "119"))


def help_calls(kind: str | None) -> tuple[tuple[str, str], ...]:
    return HELP_CALLS_TALK if kind == "self_harm" else HELP_CALLS_HURT


def crisis_help(kind: str | None) -> str:
    """What a child in crisis reads: thoughts of dying get the talking help first; being hurt, or a crisis of a
    kind no rule named (None: the child may be telling of someone who hurts them), gets 112 first."""
    return DISTRESS if kind == "self_harm" else HURT_HELP


UNSAFE_REQUEST = (
    "이 일기는 그림으로 그리기 어려워서 이번엔 안 그릴게. "
    "일기는 잘 저장해 뒀으니, 다른 재미있었던 일을 적어 주면 예쁘게 그려 줄게 🖍️"
)
UNSAFE_DRAWING = "미안해, 이번 그림은 보여 주기 어렵게 그려졌어 😢 일기는 잘 있으니 다시 보내 주면 새로 그려 볼게!"
NOT_TEXT = "나는 글로 쓴 일기만 읽을 수 있어 ✏️ 오늘 있었던 일을 글자로 적어 보내 줄래?"


def unknown_command(help_command: str) -> str:
    """A command the bot does not know; `help_command` is how this platform's children ask for the help."""
    return f"그 말은 잘 모르겠어 😅 {help_command}{quote_particle(help_command)} 보내면 할 수 있는 걸 알려 줄게."


UNKNOWN_COMMAND = unknown_command("/help")
ALREADY_RECEIVED = "이 일기는 벌써 받았어! 그림이 곧 갈 거야 🖍️"
NO_DRAWINGS = "아직 그린 그림이 없어. 오늘 있었던 일을 적어 보내 줘!"
STILL_DRAWING = "지금 네 일기를 그리고 있어 🖍️ 다 그리면 보여 줄 테니, 다시 그리고 싶으면 그다음에 말해 줘!"
BROKEN_IMAGE = "앗, 그림이 망가져서 보여 줄 수가 없어 😢 일기는 잘 있으니 아래 단추를 누르면 다시 그려 줄게."
DRAWING_NOT_FOUND = "그 그림은 찾을 수 없어. 새 일기를 보내 주면 새로 그려 줄게!"
DRAWING_FAILED = "미안해, 이번에는 그림을 못 그렸어 😢 일기는 잘 저장해 뒀으니 조금 뒤에 다시 보내 줄래?"
ERROR_DIARY_SAFE = "앗, 잠깐 문제가 생겼어 😵 그래도 일기는 안전하게 있으니 그림은 곧 보내 줄게!"
ERROR_TRY_AGAIN = "앗, 잠깐 문제가 생겼어 😵 미안하지만 방금 보낸 걸 한 번만 다시 보내 줄래?"
ERROR_DIARY_KEPT = "앗, 잠깐 문제가 생겼어 😵 그래도 일기는 잘 받아 뒀으니 조금 뒤에 그림을 보내 줄게!"
TOO_MANY_NEW_FRIENDS = "지금 새 친구들이 한꺼번에 많이 와서 방금 쓴 걸 아직 못 받았어 🙏 1분쯤 뒤에 다시 보내 줄래?"
STYLE_AUTO = "좋아! 이제부터 일기를 읽고 기분을 골라서 그릴게 🎨"
BUTTON_AGAIN = "🔄 다시 그리기"
BUTTON_OTHER_MOOD = "🎭 다른 기분으로"
KAKAO_NEXT_MESSAGE = "그림이 다 되면 다음에 말을 걸 때 보여 줄게!"
KAKAO_LATE = "그림 그리는 데 시간이 조금 더 걸리고 있어 🐢 다 그리면 다음에 말을 걸 때 꼭 보여 줄게!"
# Tiny-profile drawings: random weights paint the picture and pick the mood, so the note covers both.
PREVIEW_NOTE = "(연습용 그림이라서 아직은 그림도 기분도 일기와 상관없이 아무렇게나 나와)"


def mood_name(label: str) -> str:
    """The Korean word for a mood label (the label itself for labels without one)."""
    return mood_of(label).korean


def acknowledgement(ahead: int) -> str:
    if ahead <= 0:
        return "일기 고마워! 🖍️ 지금 바로 그림을 그리고 있어. 조금만 기다려 줘."
    return f"일기 고마워! 🖍️ 앞에 그림 {ahead}개가 기다리고 있어서, 순서가 되면 바로 그려 줄게."


TOO_LONG = "일기가 너무 길어서 다 읽기 어려워 😅 제일 기억에 남는 일만 조금 짧게 적어 줄래?"


KEPT_FULL = "오늘은 일기를 너무 많이 받아서 이 일기는 저장하지 못했어 🐢 그림이 다 오면 그때 다시 보내 줘!"


def waiting_limit(limit: int) -> str:
    return (
        f"지금 네 그림 {limit}장을 그리고 있어서 이건 그림으로 못 그려 🐢 "
        "일기는 잘 저장해 뒀으니, 그림이 다 오면 또 보내 줘!"
    )


def redraw_started(mood: str, ahead: int, other_mood: bool) -> str:
    head = f"이번엔 {mood_name(mood)} 기분으로 그려 볼게! 🎭" if other_mood else "다시 그려 볼게! 🔄"
    if ahead > 0:
        return f"{head} 앞에 그림 {ahead}개가 먼저 기다리고 있어."
    return head


def style_set(mood: str) -> str:
    return f"좋아! 이제부터 {mood_name(mood)} 기분으로 그릴게 🎨"


def style_usage(current: str | None, choices: list[str], asked: str | None = None) -> str:
    """The moods there are, in the child's words; `choices` is each as the platform's children send it, and
    `asked` the mood the child asked for that cannot be drawn."""
    now = "자동" if current is None else mood_name(current)
    head = f"'{asked}' 기분은 아직 못 그려 😅 " if asked else ""
    return f"{head}지금은 '{now}' 기분으로 그리고 있는데, 바꾸려면 {', '.join(choices)} 중에 하나를 보내 줘."


def drawing_caption(mood: str, preview: bool, when: str | None = None) -> str:
    head = f"{when} · " if when else ""
    caption = f"{head}{mood_name(mood)} 기분으로 그렸어! 🖍️"
    if preview:
        caption += "\n" + PREVIEW_NOTE
    return caption


def image_alt(mood: str) -> str:
    return f"{mood_name(mood)} 기분으로 그린 일기 그림"


def failure_text(kind: str | None) -> str:
    """What a child hears when their drawing could not be made (their diary is always kept)."""
    texts: dict[str, str] = {
        FailureKind.UNSAFE_IMAGE: UNSAFE_DRAWING,
        FailureKind.UNSAFE_DIARY: UNSAFE_REQUEST,
        FailureKind.DISTRESS: HURT_HELP,
    }
    return texts.get(kind or FailureKind.OTHER, DRAWING_FAILED)


def receipt_text(receipt: Receipt) -> str:
    """The answer to a diary or a redraw request, on any platform."""
    if receipt.status == "queued":
        answer = acknowledgement(receipt.ahead)
        return f"{WORRY_LINE}\n{answer}" if receipt.worry else answer
    if receipt.status == "duplicate":
        return ALREADY_RECEIVED
    if receipt.status == "held":
        return waiting_limit(receipt.limit or 0)
    if receipt.status == "full":
        return KEPT_FULL
    if receipt.status == "too_long":
        return TOO_LONG
    if receipt.status == "not_found":
        return DRAWING_NOT_FOUND
    if receipt.status == "too_short":
        return TOO_SHORT
    if receipt.status == "distress":
        return crisis_help(receipt.crisis)
    if receipt.status == "unsafe":
        return UNSAFE_REQUEST
    if receipt.status == "asked":
        return talk.ASK_DRAW
    if receipt.status == "skipped":
        return talk.SKIPPED
    return EMPTY_DIARY


def fit(text: str, limit: int) -> str:
    """Cut `text` to `limit` characters with an ellipsis (Telegram: 4096 per message, 1024 per caption)."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + "…"


# -- reminders (to a child) -------------------------------------------------------------------------

REMINDERS = (
    "오늘 하루는 어땠어? 🖍️ 한 줄만 적어 주면 그림으로 그려 줄게!",
    "오늘 제일 기억에 남는 일은 뭐야? 일기를 보내 주면 그림을 그려 줄게 🎨",
    "자기 전에 오늘 이야기 하나 들려줄래? ✏️",
    "재미있었던 일도, 속상했던 일도 다 좋아. 오늘 일을 한두 줄 적어 볼까? 🌙",
    "크레용이 기다리고 있어! 오늘 있었던 일을 알려 줘 🖍️",
    "오늘 누구랑 뭐 했어? 일기로 알려 주면 그림으로 남겨 줄게 📒",
    "하루를 마무리하면서 그림일기 한 장 어때? 🌟",
    "날씨, 기분, 맛있게 먹은 것… 뭐든 적어 봐. 그림으로 만들어 줄게 🌈",
)
REMIND_EXAMPLE = "저녁 7시"
"""The time a reminder command is shown with, as a child writes it."""


def remind_off(example: str) -> str:
    return f"알겠어, 이제 알림은 안 보낼게. 다시 받고 싶으면 {example}처럼 보내 줘."


def remind_usage(example: str, off: str) -> str:
    """`example` and `off` are the commands as the platform's children send them."""
    quote = quote_particle(off)
    return f"몇 시에 알려 줄까? {example}처럼 보내 주고, 알림을 끄려면 {off}{quote} 보내 줘."


def remind_night(example: str) -> str:
    return f"밤늦게는 알림을 안 보내 🌙 아침 6시부터 저녁 9시 사이로 {example}처럼 다시 보내 줄래?"


def reminder(user_id: int, local_date: str, off: str) -> str:
    """One of the reminder texts, varied by day and child but the same on a retry, and how to stop them
    (`off`: the command as the child's platform spells it)."""
    import hashlib

    digest = hashlib.sha256(f"{user_id}:{local_date}".encode()).digest()
    return f"{REMINDERS[digest[0] % len(REMINDERS)]}\n(알림을 그만 받으려면 {off})"


def remind_set(time: str) -> str:
    return f"좋아! 일기를 안 쓴 날에는 {spoken_time(time)}에 살짝 알려 줄게 ⏰"


def remind_shown(time: str, on: bool, example: str, off: str) -> str:
    if not on:
        return f"지금은 알림이 꺼져 있어. 켜려면 {example}처럼 보내 줘."
    return f"지금은 일기를 안 쓴 날 {spoken_time(time)}에 알려 주고 있어. 바꾸려면 {example}, 끄려면 {off}."


# -- parent links (to a child, then to a parent: 해요체) -------------------------------------------

LINKED_CHILD = "부모님과 연결됐어! 이제 부모님이 일주일에 한 번 네 그림일기 앨범을 받아 보실 거야 💌"
# The texts of bot/messages/links.py as Telegram spells the commands.
UNLINKED_CHILD = links.unlinked_child("/parent")
UNLINKED_BY_PARENT = links.unlinked_by_parent("/parent")
LINK_USAGE = links.link_usage("/link 428 913 5072 민지")
LINK_INVALID = links.link_invalid("/link 428 913 5072")
LINK_TOO_MANY = "코드를 여러 번 틀려서 잠시 막혔어요. 15분 뒤에 다시 해 주세요."
LINK_OWN = "자기 자신과는 연결할 수 없어요. 부모님의 대화창에서 코드를 보내 주세요."
NO_CHILDREN = links.no_children("/link 코드", "/parent")
NOT_LINKED = "연결된 부모님이나 아이가 없어요."
NOT_LINKED_CHILD = "지금은 연결된 부모님이 없어."
ALBUM_NONE_LINKED = NO_CHILDREN
# The same asked by a child (one who writes diaries or has parents linked): in a child's words.
PARENTS_ONLY = "이건 부모님이 쓰는 말이야 🙂 오늘 있었던 일을 적어 주면 그림으로 그려 줄게!"

# -- forgetting and privacy ------------------------------------------------------------------------


def forget_ask(confirm: str, *, button: bool = True) -> str:
    """`confirm`: the confirming command as the child's platform spells it (`/forget confirm`, `'기록 삭제 확인'`);
    `button`: the platform shows the confirm button."""
    how = "아래 단추를 누르거나 이렇게 보내 줘" if button else "이렇게 보내 줘"
    return (
        "정말 지금까지의 일기랑 그림, 부모님 연결까지 모두 지울까?\n"
        f"지우면 다시 되돌릴 수 없으니, 지우려면 {how}: {confirm}"
    )


FORGET_ASK = forget_ask("/forget confirm")
FORGET_DONE = "일기와 그림, 연결을 모두 지웠어. 다시 쓰고 싶으면 언제든 일기를 보내 줘 🌱"


def forget_not_found(children: str) -> str:
    """`children`: the command that lists a parent's children, as the parent's platform spells it."""
    return f"그 번호의 아이가 없어요. 아이들의 번호는 이렇게 보내면 볼 수 있어요: {children}"


FORGET_NOT_FOUND = forget_not_found("/children")
FORGET_BUTTON = "🗑️ 모두 지우기"
CHILD_FORGOT = "연결된 아이가 자기 기록을 모두 지워서 연결이 끊어졌어요."


def forget_child_ask(nickname: str, number: int, confirm: str | None = None, *, button: bool = True) -> str:
    confirm = confirm or f"/forget {number} confirm"
    how = "아래 단추를 누르거나 이렇게 보내 주세요" if button else "이렇게 보내 주세요"
    return f"{nickname}의 일기와 그림, 연결을 모두 지울까요? 지우면 되돌릴 수 없어요.\n지우려면 {how}: {confirm}"


def forget_child_done(nickname: str) -> str:
    return f"{nickname}의 일기와 그림, 연결을 모두 지웠어요."


def privacy_notice(
    retention_days: int,
    contact: str,
    hold_days: int = 30,
    *,
    reviewer: bool = False,
    album_days: int = 14,
    forget: str = "/forget",
    forget_child: str = "/forget 번호",
    export: str = "/export",
) -> str:
    """The privacy notice for parents (`/privacy`): what is kept, who sees it, where, how long, how to delete
    it, how to download it, what the messengers keep, and what is held for the designated reviewer (`reviewer`:
    one is set, and is alerted at once). `forget`, `forget_child` and `export` are the commands as the platform's
    parents send them."""
    keep = f"{retention_days}일이 지나면 자동으로 지워요." if retention_days > 0 else "지우라고 하실 때까지 보관해요."
    told = (
        "운영하는 곳이 정한 담당 선생님(상담 선생님이나 운영자)에게 바로 알려요"
        if reviewer
        else "운영하는 곳이 확인할 수 있게 따로 모아 둬요"
    )
    runs = f"\n• 운영·문의: {contact}" if contact else ""
    return (
        "크레용 일기 개인정보 안내 (보호자용)\n"
        "• 저장하는 것: 아이가 보낸 일기 글, 그 일기로 그린 그림과 기분, 그림 기분·알림 설정, 부모님 연결과 "
        "부모님이 연결할 때 적은 아이의 이름(별명). 전화번호는 저장하지 않고, 메신저가 주는 사용자 번호만 "
        "저장해요.\n"
        "• 보는 사람: 아이와 연결된 부모님은 아이의 그림과 일기 글을 앨범으로 봐요. 앨범 주소는 아는 사람이면 "
        f"누구나 열 수 있으니 나누지 마세요 ({album_days}일이 지나면 열리지 않아요).\n"
        "• 저장 위치: 이 봇을 운영하는 곳의 서버 한 곳. 글을 읽고 그림을 그리는 AI도 그 서버에서 돌아가며, "
        "외부 AI 서비스로 보내지 않아요. 서버 로그에는 일기 내용이 남지 않아요.\n"
        f"• 보관 기간: {keep}\n"
        f"• 지우기: 아이가 보내는 {forget} — 일기, 그림, 연결을 모두 되돌릴 수 없게 지워요. 부모님이 보내는 "
        f"{forget_child} — 연결된 그 아이의 기록을 지워요. 텔레그램과 카카오톡도 대화 내용을 따로 보관해서, "
        "그 기록은 메신저에서 대화방을 지워야 없어져요.\n"
        f"• 받기: {export} — 아이의 그림과 일기를 압축 파일 하나로 받아요 (받는 주소는 하루 동안 열려요).\n"
        "• 아이의 안전: 아이가 위험하다고 적은 일기(자해, 학대, 방임 같은 일)는 아이에게 도움받을 곳을 알려 "
        f"주고, {told}. 그 일기는 지우라고 하셔도 확인을 마칠 때까지(길어도 {hold_days}일) 따로 보관한 뒤 "
        "지워요. 언제 어떤 일이었는지, 누가 확인하고 무엇을 적었는지는 이름과 메신저 번호 없이 기록으로 남아요.\n"
        "• 만 14세 미만 아동은 개인정보 보호법에 따라 법정대리인(보호자)의 동의가 필요해요. "
        f"보호자께서 동의하신 경우에만 아이가 이용하게 해 주세요.{runs}"
    )


def link_expired(minutes: int, parent: str = "/parent") -> str:
    return links.link_expired(minutes, parent)


def parent_code(code: str, minutes: int, link: str | None = None) -> str:
    """`link`: the command with the code as the parent's platform spells it (`/link 428 913 5072`)."""
    link = link or f"/link {code}"
    quote = quote_particle(link)
    return (
        f"부모님께 이 코드를 알려 줘: {code}\n"
        f"부모님이 크레용 일기에서 {link}{quote} 보내면 연결돼. ({minutes}분 동안 한 번만 쓸 수 있어)"
    )


def linked_parent(nickname: str, weekday: str, time: str, album: str = "/album") -> str:
    return (
        f"{nickname}{particle(nickname, '과', '와')} 연결되었어요 🎉 "
        f"매주 {weekday} {spoken_time(time)}에 한 주의 그림일기 앨범을 보내 드릴게요. {links.album_anytime(album)}"
    )


def already_linked(nickname: str) -> str:
    return f"이미 {nickname}{particle(nickname, '과', '와')} 연결되어 있어요."


def children_list(items: list[tuple[str, str]], unlink: str = "/unlink 번호") -> str:
    lines = [f"{number}. {nickname} ({since}부터)" for number, (nickname, since) in enumerate(items, start=1)]
    return "연결된 아이:\n" + "\n".join(lines) + "\n" + links.unlink_how(unlink)


def unlink_choose(items: list[str], unlink: str = "/unlink 번호") -> str:
    lines = [f"{number}. {name}" for number, name in enumerate(items, start=1)]
    return links.unlink_choose_head(unlink) + "\n" + "\n".join(lines)


def unlinked(name: str) -> str:
    return f"{name}{particle(name, '과', '와')}의 연결을 끊었어요."


def unlinked_other_side(name: str) -> str:
    return f"{name} 쪽에서 연결을 끊었어요."
