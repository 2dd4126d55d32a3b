"""Alembic revisions of the web tables (picked up by gongkai.register.db.alembic_config)."""
