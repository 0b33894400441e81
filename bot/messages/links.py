"""Parent links, in each platform's spelling of the commands they name: to a child in 반말, to a parent in
해요체. A command is set after a colon, so no particle has to guess how a slash command is read."""

from __future__ import annotations


def unlinked_child(parent: str) -> str:
    return f"부모님과의 연결을 끊었어. 다시 연결하고 싶으면 이렇게 보내 줘: {parent}"


def unlinked_by_parent(parent: str) -> str:
    return f"부모님과의 연결이 끊어졌어. 다시 연결하고 싶으면 이렇게 보내 줘: {parent}"


def link_usage(example: str) -> str:
    return f"아이에게 받은 코드를 이렇게 보내 주세요 (아이 이름을 붙여도 돼요): {example}"


def link_invalid(example: str) -> str:
    return f"코드가 맞지 않아요. 아이 화면에 보이는 숫자 열 자리를 다시 확인해 주세요. 예) {example}"


def no_children(link: str, parent: str) -> str:
    return f"연결된 아이가 없어요. 아이가 받은 코드를 이렇게 보내 주세요: {link}\n(아이가 코드를 받으려면: {parent})"


def link_expired(minutes: int, parent: str) -> str:
    return f"이 코드는 이미 쓰였거나 {minutes}분이 지났어요. 아이가 새 코드를 받아 알려 주세요 (코드 받기: {parent})."


def album_anytime(album: str) -> str:
    return f"언제든 보려면: {album}"


def unlink_how(unlink: str) -> str:
    return f"연결을 끊으려면: {unlink}"


def unlink_choose_head(unlink: str) -> str:
    return f"어느 연결을 끊을까요? 이렇게 보내 주세요: {unlink}"
