"""SQLite connection settings for the web server (SQLite 连接参数): memory-mapped reads, a larger
page cache and in-memory temporary tables for the aggregation queries, write-ahead logging so
that readers in several worker processes do not wait for a writer. PostgreSQL is left alone."""
from __future__ import annotations

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

PRAGMAS = (
    "PRAGMA mmap_size=268435456",  # 256 MiB of the file read through the OS page cache
    "PRAGMA cache_size=-32768",  # 32 MiB page cache per connection
    "PRAGMA temp_store=MEMORY",  # GROUP BY / ORDER BY scratch tables
    "PRAGMA synchronous=NORMAL",  # safe with WAL: a power cut may lose the last commit, never corrupt
)


def _is_file_db(engine: Engine) -> bool:
    db = engine.url.database or ""
    return engine.dialect.name == "sqlite" and db not in ("", ":memory:") and not db.startswith("file::memory:") \
        and "mode=memory" not in str(engine.url)


def tune_sqlite(engine: Engine) -> bool:
    """Apply the pragmas to every new connection of a file-backed SQLite ``engine`` (and switch the
    database to WAL once); returns whether it did. Connections already pooled are dropped so that
    every connection the app uses carries the settings."""
    if not _is_file_db(engine) or getattr(engine, "_gongkai_tuned", False):
        return False

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
        cur = dbapi_conn.cursor()
        for p in PRAGMAS:
            cur.execute(p)
        cur.close()

    try:
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA journal_mode=WAL")  # persistent: stored in the database file
    except OperationalError:  # pragma: no cover - database busy or read-only: keep its journal mode
        pass
    engine.pool.dispose()  # checked-in connections (made before the listener) are reopened with the pragmas
    engine._gongkai_tuned = True
    return True
