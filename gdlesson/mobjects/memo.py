"""A memo bounded by a budget: values by key, the oldest forgotten once their sizes add up to more than it."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

__all__ = ["Memo"]


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
