"""Results kept on a parsed document: extractors that several stages ask about the same
sentence (the time expressions of a sentence, its event triggers) compute them once.

A result is kept in the Doc's `user_data` under the function's name, the sentence's token
offsets and the other arguments, so it lives as long as the Doc and no longer. Callers get
a new list each time: what one stage does to it does not reach another.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar, cast

if TYPE_CHECKING:
    from spacy.tokens import Span

P = ParamSpec("P")
T = TypeVar("T")


def per_sentence(
    func: Callable[Concatenate[Span, P], list[T]],
) -> Callable[Concatenate[Span, P], list[T]]:
    """Keep `func(sent, *args)` on `sent.doc` (the other arguments must be hashable)."""
    name = f"crosswire.{func.__module__}.{func.__qualname__}"

    @functools.wraps(func)
    def kept(sent: Span, *args: P.args, **kwargs: P.kwargs) -> list[T]:
        memo = sent.doc.user_data.setdefault(name, {})
        key: Hashable = (sent.start, sent.end, args, tuple(sorted(kwargs.items())))
        found = memo.get(key)
        if found is None:
            found = memo[key] = tuple(func(sent, *args, **kwargs))
        return list(found)

    return cast("Callable[Concatenate[Span, P], list[T]]", kept)
