"""SQLite storage through sqlite-utils (one thread owns the connection) and drawing files on disk."""
