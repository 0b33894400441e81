"""SQLite storage through sqlite-utils and drawing files on disk (coming: see issue 3)."""
