"""Text hygiene: what a diary looks like before the LLM sees it, and what a prompt must be after."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Chat-template control tokens of Qwen and similar models (`<|im_start|>`, `<|endoftext|>`, ...),
# the reasoning and tool tags, and our own diary delimiters, so a diary can never close them; spaces
# anywhere inside a tag (`< /diary>`, `<diary/>`) still make it one to a reader like the LLM.
_CONTROL_TOKEN = re.compile(
    r"<\|[^<>|\n]{0,64}\|>"
    r"|<\s*/?\s*(?:think|tool_call|tool_response|diary|system|user|assistant)\s*/?\s*>",
    re.IGNORECASE,
)
# Qwen3's soft switches for reasoning, whatever follows: `\b` would keep `/think오늘`, since a Hangul letter
# is a word character. The full-width slash reads as a slash too.
_THINK_SWITCH = re.compile(r"[/\uff0f](?:no_)?think", re.IGNORECASE)
# Invisible letters that render as nothing: the Hangul fillers and the braille blank.
_INVISIBLE_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800")
# Unicode categories removed: control, format (zero-width, bidirectional overrides), surrogates,
# private use, unassigned.
_REMOVED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})
_WHITESPACE = re.compile(r"\s+")


def strip_control_tokens(text: str, extra_tokens: Iterable[str] = ()) -> str:
    """Remove chat-template tokens, `/think` switches and `extra_tokens` until none is left."""
    extras = sorted((token for token in extra_tokens if token), key=len, reverse=True)
    previous = None
    # Removing one token can join its neighbours into a new one (`<|im_<|x|>start|>`): repeat.
    while previous != text:
        previous = text
        text = _CONTROL_TOKEN.sub(" ", text)
        text = _THINK_SWITCH.sub(" ", text)
        for token in extras:
            text = text.replace(token, " ")
    return text


def _is_visible(char: str) -> bool:
    if char in "\n\t\r ":
        return True
    if char in _INVISIBLE_LETTERS:
        return False
    return unicodedata.category(char) not in _REMOVED_CATEGORIES


def _joins_emoji(text: str, index: int) -> bool:
    """True for a zero-width joiner inside an emoji sequence (👩‍👧, 🏳️‍🌈), where it is part of the picture."""
    if not 0 < index < len(text) - 1:
        return False
    before, after = unicodedata.category(text[index - 1]), unicodedata.category(text[index + 1])
    return before in ("So", "Sk", "Mn") and after == "So"


def visible_text(text: str, *, keep_emoji_joiners: bool = False) -> str:
    """NFC, without what renders as nothing: control and format characters (zero-width, bidirectional
    overrides), private use, unassigned, Hangul fillers; with `keep_emoji_joiners`, the joiners inside
    emoji sequences stay."""
    text = unicodedata.normalize("NFC", text)
    kept = "".join(
        char
        for index, char in enumerate(text)
        if _is_visible(char) or (keep_emoji_joiners and char == "\u200d" and _joins_emoji(text, index))
    )
    # Removing characters can leave decomposed jamo side by side: compose again.
    return unicodedata.normalize("NFC", kept)


def compatibility_plain(text: str) -> str:
    """NFKC (full-width letters, ligatures and circled digits made plain), except Hangul's compatibility jamo
    (ㅋ, ㅈ), which NFKC would turn into letters that are meant to join others."""
    return "".join(char if "\u3130" <= char <= "\u318f" else unicodedata.normalize("NFKC", char) for char in text)


def clean_diary(text: str, extra_tokens: Iterable[str] = ()) -> str:
    """Return the diary as the LLM may see it: NFC, visible characters only, no control tokens, one-spaced."""
    text = visible_text(text)
    text = strip_control_tokens(text, extra_tokens)
    # Removing characters can leave decomposed jamo side by side: compose again.
    text = unicodedata.normalize("NFC", text)
    return _WHITESPACE.sub(" ", text).strip()


# -- prompts ---------------------------------------------------------------------------------------

_ASCII_LOOKALIKES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": ", ",
        "\u2026": "...",
        "\u00a0": " ",
    }
)
_THINK_BLOCK = re.compile(r"<think>.*?(?:</think>|$)", re.IGNORECASE | re.DOTALL)
_LEADING_LABEL = re.compile(r"^\s*(?:scene|prompt|description|image prompt)\s*:\s*", re.IGNORECASE)
_LEADING_TRIGGER = re.compile(r"^\s*(?:hand drawing|kido)(?:\s+[a-z]+)?\s+style\s*,?\s*", re.IGNORECASE)
# Everything but letters, digits, spaces and plain punctuation goes: markup, symbols, stray bytes.
_NOT_ALLOWED = re.compile(r"[^A-Za-z0-9 .,;:!?'()&/+%-]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>]{0,40}>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" +([,.;:!?])")
_WORD = re.compile(r"[A-Za-z]{2,}")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")

MIN_PROMPT_WORDS = 4


def sanitize_prompt(text: str, max_words: int) -> str | None:
    """Return `text` as a printable-ASCII English prompt of at most `max_words` words, or None if unusable."""
    text = _THINK_BLOCK.sub(" ", text)
    text = strip_control_tokens(text)
    text = unicodedata.normalize("NFKC", text).translate(_ASCII_LOOKALIKES)
    text = _LEADING_LABEL.sub("", text)
    # Keep the first paragraph only: later lines are chatter ("I hope you like it!").
    text = next((line for line in text.splitlines() if line.strip()), "")
    text = _LEADING_TRIGGER.sub("", text)
    letters = sum(char.isalpha() for char in text)
    ascii_letters = sum(char.isascii() and char.isalpha() for char in text)
    # Mostly Korean, Chinese or another script: not an English prompt.
    if letters == 0 or ascii_letters < 0.9 * letters:
        return None
    text = _HTML_TAG.sub(" ", text)
    text = _NOT_ALLOWED.sub(" ", text)
    text = _WHITESPACE.sub(" ", text)
    text = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", text).strip(" '")
    if len(_WORD.findall(text)) < MIN_PROMPT_WORDS:
        return None
    return _truncate_words(text, max_words)


def _truncate_words(text: str, max_words: int) -> str:
    words = text.split(" ")
    if len(words) <= max_words:
        return text
    cut = " ".join(words[:max_words])
    # Prefer ending on a whole sentence when one ends in the second half.
    ends = [match.end() for match in _SENTENCE_END.finditer(cut)]
    if ends and ends[-1] > len(cut) // 2:
        return cut[: ends[-1]]
    return cut.rstrip(" ,;:")
