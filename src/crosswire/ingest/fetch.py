"""Fetching a URL: a timeout, a size limit, and one clear error when it fails."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass

from crosswire import __version__
from crosswire.errors import FetchError
from crosswire.ingest.sources import read_limited

USER_AGENT = f"crosswire/{__version__} (+https://github.com/crosswire)"


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str
    content_type: str
    charset: str | None
    body: bytes


def fetch(url: str, *, timeout: float, max_bytes: int) -> Fetched:
    """GET `url`; FetchError names the URL and what went wrong."""
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise FetchError(url, f"over the size limit of {max_bytes:,} bytes")
            body = read_limited(response, url, max_bytes)
            return Fetched(
                url=response.geturl(),
                content_type=response.headers.get_content_type(),
                charset=response.headers.get_content_charset(),
                body=body,
            )
    except urllib.error.HTTPError as exc:
        raise FetchError(url, f"HTTP {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise FetchError(url, f"unreachable ({exc.reason})") from exc
    except TimeoutError as exc:
        raise FetchError(url, f"no answer within {timeout:g} s (see --timeout)") from exc
    except FetchError:
        raise
    except OSError as exc:
        raise FetchError(url, f"unreachable ({exc})") from exc
