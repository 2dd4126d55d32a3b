"""Storage of the case register (依申请公开登记册): engine, sessions, ``Base`` and migrations.

``open_register(url)`` opens (and by default migrates) a register database; ``upgrade(url)``
applies the Alembic migrations that ship inside this package, so an installed package can
migrate its own database. SQLite is the default (``sqlite:///gongkai.db``); PostgreSQL works
by URL (``postgresql+psycopg://user@host/db``).

Other parts of gongkai (the web app) define their tables on the same :class:`Base` and put
their Alembic revisions in ``gongkai/web/migrations/versions`` (picked up automatically when
that folder exists) with ``down_revision`` pointing at a register revision; ``upgrade``
migrates to all heads.
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import MetaData, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

DEFAULT_URL = "sqlite:///gongkai.db"
ENV_URL = "GONGKAI_DATABASE_URL"

_HERE = Path(__file__).resolve().parent
MIGRATIONS = _HERE / "migrations"
WEB_VERSIONS = _HERE.parent / "web" / "migrations" / "versions"

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base of every gongkai table (register and web)."""

    metadata = MetaData(naming_convention=NAMING)


def default_url() -> str:
    """The database URL: env ``GONGKAI_DATABASE_URL`` or ``sqlite:///gongkai.db`` (current folder)."""
    return os.environ.get(ENV_URL) or DEFAULT_URL


def make_engine(url: str | None = None, *, schema: str | None = None, echo: bool = False) -> Engine:
    """An engine for ``url``; ``schema`` (PostgreSQL only) sets the ``search_path``.

    SQLite gets foreign keys switched on for every connection and, for a file, a pool large enough
    for a web server's request threads.
    """
    url = url or default_url()
    kwargs: dict = {"echo": echo, "future": True}
    if url.startswith("postgresql"):
        if schema:
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
        kwargs["pool_pre_ping"] = True
    elif url.startswith("sqlite") and ":memory:" not in url and "mode=memory" not in url:
        # A web server runs up to 40 request threads: a pool of 5 (+10) makes them queue.
        kwargs.update(pool_size=20, max_overflow=40)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()
    return engine


def alembic_config(engine_or_url: Engine | str):
    """An Alembic ``Config`` whose scripts live inside the installed package."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    locations = [str(MIGRATIONS / "versions")]
    if WEB_VERSIONS.is_dir():
        locations.append(str(WEB_VERSIONS))
    cfg.set_main_option("version_locations", " ".join(locations))
    cfg.set_main_option("path_separator", "space")
    if isinstance(engine_or_url, Engine):
        cfg.attributes["engine"] = engine_or_url
        cfg.set_main_option("sqlalchemy.url", engine_or_url.url.render_as_string(hide_password=False)
                            .replace("%", "%%"))
    else:
        cfg.set_main_option("sqlalchemy.url", engine_or_url.replace("%", "%%"))
    return cfg


def upgrade(url_or_engine: str | Engine | None = None, revision: str = "heads") -> None:
    """Apply the migrations (迁移) up to ``revision`` (all heads by default)."""
    from alembic import command

    target = url_or_engine if url_or_engine is not None else default_url()
    command.upgrade(alembic_config(target), revision)


@dataclass
class Register:
    """An open register database: its engine and a session factory."""

    url: str
    engine: Engine
    sessionmaker: sessionmaker

    def session(self) -> Session:
        """A new session (use as ``with reg.session() as s: ...; s.commit()``)."""
        return self.sessionmaker()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed at the end, rolled back on any error."""
        with self.sessionmaker.begin() as s:
            yield s

    def dispose(self) -> None:
        self.engine.dispose()


def open_register(url: str | None = None, *, migrate: bool = True, schema: str | None = None,
                  echo: bool = False) -> Register:
    """Open the register at ``url`` (default: env ``GONGKAI_DATABASE_URL`` or ``sqlite:///gongkai.db``).

    ``migrate`` applies pending migrations first; ``schema`` selects a PostgreSQL schema
    (created if missing).
    """
    url = url or default_url()
    engine = make_engine(url, schema=schema, echo=echo)
    if schema and engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    if migrate:
        upgrade(engine)
    return Register(url, engine, sessionmaker(bind=engine, expire_on_commit=False))
