"""The `crayon` command line: a thin layer over the engine and the bot; errors become one friendly line here."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from bot.cli import bench, book, cluster, draw, models, safeguarding, serving, training
from bot.cli.common import EXIT_FAILED, EXIT_OK, EXIT_USAGE, Parser, configure_logging
from bot.errors import UsageError
from bot.settings import Settings

__all__ = ["EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

logger = logging.getLogger(__name__)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="crayon", description="Turn a child's Korean diary into a drawing.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log progress and full errors")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    draw.add_parsers(commands)
    book.add_parsers(commands)
    serving.add_parsers(commands)
    training.add_parsers(commands)
    models.add_parsers(commands)
    bench.add_parsers(commands)
    cluster.add_parsers(commands)
    safeguarding.add_parsers(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    configure_logging(args.verbose)
    try:
        settings = Settings()
    except ValidationError as error:
        first = error.errors()[0]
        location = str(first["loc"][0]) if first["loc"] else ""
        field = Settings.env_name(location) if location in Settings.model_fields else location or "settings"
        print(f"crayon: setting {field} is not valid: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.handler(args, settings))
    except UsageError as error:
        print(f"crayon {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("crayon: interrupted", file=sys.stderr)
        return 130
    except Exception as error:  # the one place where any failure becomes a line, not a traceback
        if args.verbose:
            logger.exception("crayon %s failed", args.command)
        hint = "" if args.verbose else " (run with --verbose for details)"
        print(f"crayon {args.command}: failed: {error}{hint}", file=sys.stderr)
        return EXIT_FAILED
