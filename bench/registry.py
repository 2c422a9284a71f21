"""Benchmarks register here; each returns a Figure the CLI turns into one table row.

Kept tiny on purpose: a figure is raw samples plus a target rule, and every derived number
(median, floor, ratio, pass/miss) is computed in one place so the table and the JSON agree.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field


class HarnessError(Exception):
    """The benchmark could not be measured (a crash, a missing line); never a slow result."""


@dataclass(frozen=True)
class Target:
    """Pass when median/floor ≤ max_ratio, or when the median ≤ max_ms (exactly one is set)."""

    max_ratio: float | None = None
    max_ms: float | None = None

    def __post_init__(self) -> None:
        if (self.max_ratio is None) == (self.max_ms is None):
            raise ValueError("a target is either a ratio or an absolute time, not both")

    @classmethod
    def ratio(cls, at_most: float) -> Target:
        return cls(max_ratio=at_most)

    @classmethod
    def ms(cls, at_most: float) -> Target:
        return cls(max_ms=at_most)

    @property
    def text(self) -> str:
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}× floor"
        return f"≤ {self.max_ms:g} ms"


@dataclass(frozen=True)
class Figure:
    """One measured figure: subject samples, optional floor samples (same run), its target."""

    name: str
    samples_seconds: list[float]
    floor_samples_seconds: list[float] | None
    target: Target
    extra: dict[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.samples_seconds:
            raise HarnessError(f"{self.name}: no samples")
        if self.target.max_ratio is not None and not self.floor_samples_seconds:
            raise HarnessError(f"{self.name}: a ratio target needs floor samples")

    @property
    def median(self) -> float:
        return statistics.median(self.samples_seconds)

    @property
    def floor(self) -> float | None:
        if not self.floor_samples_seconds:
            return None
        return statistics.median(self.floor_samples_seconds)

    @property
    def ratio(self) -> float | None:
        floor = self.floor
        return None if floor is None or floor <= 0 else self.median / floor

    @property
    def target_text(self) -> str:
        return self.target.text

    @property
    def passed(self) -> bool:
        if self.target.max_ratio is not None:
            ratio = self.ratio
            return ratio is not None and ratio <= self.target.max_ratio
        assert self.target.max_ms is not None
        return self.median * 1000 <= self.target.max_ms


@dataclass(frozen=True)
class Options:
    """What the CLI passes to every benchmark: how many measured runs, and whether to go small."""

    repeat: int
    quick: bool = False


BenchFunction = Callable[[Options], Figure]


@dataclass(frozen=True)
class Benchmark:
    key: str
    run: BenchFunction
    default_repeat: int


_REGISTRY: dict[str, Benchmark] = {}


def register(key: str, default_repeat: int = 11) -> Callable[[BenchFunction], BenchFunction]:
    """Decorator: add a benchmark under a short key (the name ``--only`` takes)."""

    def add(function: BenchFunction) -> BenchFunction:
        if key in _REGISTRY:
            raise ValueError(f"benchmark {key!r} registered twice")
        _REGISTRY[key] = Benchmark(key, function, default_repeat)
        return function

    return add


def benchmarks() -> Iterator[Benchmark]:
    """Registered benchmarks in registration order (the table's order)."""
    yield from _REGISTRY.values()


def interleaved(subject: Callable[[], float], floor: Callable[[], float], repeat: int,
                warm_up: int = 1) -> tuple[list[float], list[float]]:
    """Run floor and subject alternately (ABAB…) so a busy spell hits both, after a warm-up."""
    for _ in range(warm_up):
        floor()
        subject()
    floor_samples: list[float] = []
    subject_samples: list[float] = []
    for _ in range(repeat):
        floor_samples.append(floor())
        subject_samples.append(subject())
    return subject_samples, floor_samples
