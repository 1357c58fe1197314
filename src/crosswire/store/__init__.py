"""The store: articles, fingerprints and incidents in SQLite or PostgreSQL."""

from crosswire.store.store import Store, Tx, db_label, db_url

__all__ = ["Store", "Tx", "db_label", "db_url"]
