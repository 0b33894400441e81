"""The database and the drawing files, opened together, with the repositories over them."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from storage.database import Database
from storage.diaries import Diaries
from storage.exports import ExportLinks
from storage.family import FamilyRepository
from storage.images import ImageStore
from storage.jobs import JobQueue
from storage.pages import PageSources
from storage.privacy import ErasureRepository
from storage.reminders import ReminderRepository
from storage.safeguarding import SafeguardingRepository
from storage.secret import load_or_create_secret

logger = logging.getLogger(__name__)


@dataclass
class Storage:
    """Everything the bot keeps: users, diaries, jobs, drawings, links and schedules."""

    database: Database
    diaries: Diaries
    queue: JobQueue
    family: FamilyRepository
    reminders: ReminderRepository
    images: ImageStore
    privacy: ErasureRepository
    safeguarding: SafeguardingRepository
    exports: ExportLinks
    pages: PageSources
    secret: bytes
    """The installation's key (storage/secret.py), for what is signed or hashed with it."""

    @classmethod
    def open(
        cls,
        database_path: Path,
        drawings_dir: Path,
        secret_dir: Path,
        *,
        timezone: str = "Asia/Seoul",
        max_new_users_per_minute: int = 60,
        safeguarding_hold: timedelta = timedelta(days=30),
    ) -> Storage:
        """Open (and migrate) the database; blocking."""
        database = Database(database_path)
        database.open()
        images = ImageStore(drawings_dir)
        if database.created and (found := images.count_drawings()):
            # Not an error (the drawings are left as they are), but most likely a database moved aside.
            logger.warning(
                "%d drawing(s) are in %s but the database %s was just created: if it was moved or lost, "
                "stop and restore it; the drawings are kept either way",
                found,
                drawings_dir,
                database_path,
            )
        secret = load_or_create_secret(secret_dir)
        safeguarding = SafeguardingRepository(database, secret, hold=safeguarding_hold)
        return cls(
            database,
            Diaries(
                database,
                timezone=timezone,
                max_new_users_per_minute=max_new_users_per_minute,
                safeguarding=safeguarding,
            ),
            JobQueue(database, safeguarding=safeguarding),
            FamilyRepository(database, secret),
            ReminderRepository(database),
            images,
            ErasureRepository(database, images),
            safeguarding,
            ExportLinks(database, secret),
            PageSources(database),
            secret,
        )
