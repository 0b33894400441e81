"""`crayon safeguarding list|show|resolve`: the designated reviewer's crisis cases, on the server itself."""

from __future__ import annotations

import argparse
import asyncio
import getpass
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from bot.cli.common import EXIT_OK
from bot.errors import UsageError
from bot.settings import Settings

T = TypeVar("T")


def add_parsers(commands: Any) -> None:
    safeguarding = commands.add_parser("safeguarding", help="the designated reviewer's crisis cases")
    actions = safeguarding.add_subparsers(dest="action", required=True, parser_class=type(safeguarding))
    listing = actions.add_parser("list", help="open cases, newest first (--all: resolved ones too)")
    listing.add_argument("--json", action="store_true", help="one JSON list of objects")
    listing.add_argument("--all", action="store_true", help="resolved cases too")
    listing.set_defaults(handler=list_command)
    show = actions.add_parser("show", help="one case whole, its diary too (the view is recorded)")
    show.add_argument("id", type=case_id)
    show.add_argument("--reviewer", help="who is looking (default: this login's name)")
    show.set_defaults(handler=show_command)
    resolve = actions.add_parser("resolve", help="close a case with a note; its copy of the diary is deleted")
    resolve.add_argument("id", type=case_id)
    resolve.add_argument("--note", required=True, help="what was done (kept in the audit)")
    resolve.add_argument("--reviewer", help="who resolves it (default: this login's name)")
    resolve.set_defaults(handler=resolve_command)


def list_command(args: argparse.Namespace, settings: Settings) -> int:
    cases = _run(settings, lambda service: service.overview(include_resolved=args.all))
    if args.json:
        print(json.dumps([_summary(case) for case in cases], ensure_ascii=False))
        return EXIT_OK
    if not cases:
        print("No open safeguarding cases." if not args.all else "No safeguarding cases.")
        return EXIT_OK
    for case in cases:
        home = "home named" if case.home_named else "-"
        when = f"{case.created_at:%Y-%m-%d %H:%M}"
        print(f"{case.id:>5}  {when}  {case.status:<8}  {case.kind:<10}  {home:<10}  {case.child}")
    return EXIT_OK


def show_command(args: argparse.Namespace, settings: Settings) -> int:
    found = _run(settings, lambda service: service.show(args.id, _reviewer(args)))
    if found is None:
        raise UsageError(f"there is no safeguarding case {args.id}; `crayon safeguarding list --all` shows them")
    case, audit = found
    for key, value in _summary(case).items():
        print(f"{key}: {value}")
    print(f"diary: {case.text if case.text is not None else '(deleted: resolved, or its hold ended)'}")
    print("audit:")
    for entry in audit:
        note = f" — {entry.note}" if entry.note else ""
        print(f"  {entry.at[:19]}  {entry.action}  by {entry.actor}{note}")
    return EXIT_OK


def resolve_command(args: argparse.Namespace, settings: Settings) -> int:
    if not args.note.strip():
        raise UsageError("--note is empty: say what was done, e.g. --note 'talked with the school counsellor'")
    outcome = _run(settings, lambda service: service.resolve(args.id, _reviewer(args), args.note.strip()))
    if outcome == "not_found":
        raise UsageError(f"there is no safeguarding case {args.id}; `crayon safeguarding list` shows the open ones")
    if outcome == "closed":
        raise UsageError(f"safeguarding case {args.id} is already resolved")
    print(f"Resolved case {args.id}; its copy of the diary is deleted.")
    return EXIT_OK


def case_id(text: str) -> int:
    """A case number as `list` shows it (a positive whole number)."""
    if not text.isdigit() or not 0 < int(text) < 2**63:
        raise argparse.ArgumentTypeError(f"{text!r} is not a case number; `crayon safeguarding list` shows them")
    return int(text)


def _summary(case: Any) -> dict[str, Any]:
    return {
        "id": case.id,
        "category": case.kind,
        "created_at": case.created_at.isoformat(),
        "status": case.status,
        "home_named": case.home_named,
        "child": case.child,
        "platform": case.platform,
        "source": case.source,
        "alerted": case.alerted_at is not None,
        "hold_until": case.hold_until,
    }


def _reviewer(args: argparse.Namespace) -> str:
    """Who is looking: --reviewer, else this login's name, else the user number (a container without one)."""
    if args.reviewer:
        return str(args.reviewer)
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid {os.getuid()}"


def _run(settings: Settings, action: Callable[[Any], Awaitable[T]]) -> T:
    """Open the database, run `action` on the safeguarding use-case, close."""
    from bot.app import open_storage
    from bot.clock import SystemClock
    from bot.usecases.safeguarding import SafeguardingService

    if not settings.database_path.is_file():
        # Opening would create an empty database and report no cases: a wrong CRAYON_DATA_DIR must not look so.
        raise UsageError(f"there is no database at {settings.database_path}: is CRAYON_DATA_DIR the bot's?")

    async def run() -> T:
        storage = await asyncio.to_thread(open_storage, settings)
        try:
            return await action(SafeguardingService(storage.safeguarding, SystemClock(), timezone=settings.timezone))
        finally:
            await asyncio.to_thread(storage.database.close)

    return asyncio.run(run())
