"""The web app (`crosswire serve`): incident pages, a map, a timeline and a JSON API over
the store. Needs the `web` extra: pip install 'crosswire[web]'."""

from __future__ import annotations

from crosswire.web.app import create_app

__all__ = ["create_app"]
