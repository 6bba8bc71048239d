"""A memo bounded by a budget: values by key, the oldest forgotten once their sizes add up to more than it; and
:class:`Typeset`, finished mobjects kept by the arguments that made them."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Memo", "Typeset"]


class Memo:
    """Values by key; once the sizes of those kept exceed ``budget``, the oldest are forgotten first."""

    def __init__(self, budget: int, size: Callable[[Any], int]) -> None:
        self.budget = budget
        self.size = size
        self.values: dict[Hashable, Any] = {}
        self.used = 0

    def get(self, key: Hashable) -> Any | None:
        return self.values.get(key)

    def keep(self, key: Hashable, value: Any) -> None:
        if key in self.values:
            self.used -= self.size(self.values.pop(key))
        self.values[key] = value
        self.used += self.size(value)
        while self.used > self.budget:
            self.used -= self.size(self.values.pop(next(iter(self.values))))


class Typeset:
    """Finished mobjects by the arguments that made them, kept as pickles (``budget`` bytes in all): a mobject made
    again with the same arguments takes the pickle's state, the same points and colours in fresh objects (about
    three times faster than manim's deep copy, and far faster than typesetting again)."""

    def __init__(self, budget: int) -> None:
        self._pickles = Memo(budget=budget, size=len)

    def restore(self, mobject: Any, key: Hashable) -> bool:
        """Give ``mobject`` the state of the one kept for ``key``; False when none is."""
        made = self._pickles.get(key)
        if made is None:
            return False
        mobject.__dict__.update(pickle.loads(made).__dict__)
        return True

    def keep(self, mobject: Any, key: Hashable) -> None:
        self._pickles.keep(key, pickle.dumps(mobject, protocol=pickle.HIGHEST_PROTOCOL))
