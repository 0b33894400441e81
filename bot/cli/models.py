"""`crayon models download|status`: the full profile's weights in the Hugging Face cache."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import Any

from bot.cli.common import EXIT_FAILED, EXIT_OK, Parser
from bot.settings import Settings

logger = logging.getLogger(__name__)


def add_parsers(commands: Any) -> None:
    models = commands.add_parser("models", help="download the full profile's weights, or show what the cache holds")
    actions = models.add_subparsers(dest="action", required=True, parser_class=Parser)
    download = actions.add_parser(
        "download",
        help="fetch the models the settings name (the LLM, SD3.5, Whisper for voice diaries …) into the Hugging "
        "Face cache (disk space checked first)",
    )
    download.add_argument("--eval", action="store_true", help="also the crayon eval judge (CRAYON_EVAL_CLIP_MODEL)")
    download.set_defaults(handler=models_download_command)
    status = actions.add_parser("status", help="show which of those models the Hugging Face cache holds")
    status.set_defaults(handler=models_status_command)


def models_download_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon models download`: the models the settings name into the Hugging Face cache, space checked first."""
    from engine.download import GB, check_free_space, download, free_space, hub_cache_dir, hub_models, plan_all
    from engine.errors import DownloadError

    models = hub_models(settings, eval_judge=args.eval)
    if not models:
        print("Nothing to download: every model the settings name is a local folder.")
        return EXIT_OK
    cache_dir = hub_cache_dir()
    try:
        from huggingface_hub import HfApi

        hub = HfApi()
        plans = plan_all(hub, models, cache_dir)
        check_free_space(sum(plan.missing_bytes for plan in plans), free_space(cache_dir), cache_dir)
        folders = {}
        for plan in plans:
            print(
                f"{plan.model.repo_id} ({plan.model.setting}): {plan.missing_bytes / GB:.1f} GB to fetch "
                f"of {plan.total_bytes / GB:.1f} GB",
                file=sys.stderr,
            )
            folders[plan.model.setting] = download(hub, plan, cache_dir)
    except DownloadError as error:
        print(f"crayon models download: {error}", file=sys.stderr)
        return EXIT_FAILED
    print(f"Downloaded {len(plans)} model(s) into {cache_dir}.")
    lora = folders.get(Settings.env_name("lora"))
    if lora is not None:
        print(f"The LoRA is in {lora}: set CRAYON_LORA to that folder (or pass it to --lora).")
    print("With a CUDA GPU, CRAYON_PROFILE=auto now uses the full profile.")
    return EXIT_OK


def models_status_command(args: argparse.Namespace, settings: Settings) -> int:
    """`crayon models status`: which models the settings name are in the Hugging Face cache (no network)."""
    from engine.download import GB, cache_status, hub_cache_dir, hub_models

    cache_dir = hub_cache_dir()
    print(f"Hugging Face cache: {cache_dir}")
    judge = Settings.env_name("eval_clip_model")
    missing = set()
    for cached in cache_status(hub_models(settings, eval_judge=True), cache_dir):
        if cached.files:
            state = f"in the cache ({cached.size_bytes / GB:.1f} GB, {cached.files} files)"
        else:
            state = "not downloaded"
            missing.add(cached.model.setting)
        print(f"  {cached.model.setting}={cached.model.repo_id}: {state}")
    if missing - {judge}:
        print("Run `crayon models download` to fetch what is missing.")
    if judge in missing:
        print("`crayon models download --eval` also fetches the evaluation judge.")
    return EXIT_OK
