"""Benchmarks register here; each returns a Figure the CLI turns into one table row.

Kept tiny on purpose: a figure is raw samples plus a target rule, and every derived number
(median, floor, ratio, pass/miss) is computed in one place so the table and the JSON agree.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field


class HarnessError(Exception):
    """The benchmark could not be measured (a crash, a missing line); never a slow result."""


@dataclass(frozen=True)
class Target:
    """Pass when median/floor ≤ max_ratio, or the median ≤ max_ms / max_mb (exactly one is set)."""

    max_ratio: float | None = None
    max_ms: float | None = None
    max_mb: float | None = None

    def __post_init__(self) -> None:
        if sum(value is not None for value in (self.max_ratio, self.max_ms, self.max_mb)) != 1:
            raise ValueError("a target is one of a ratio, a time or a size, not several")

    @classmethod
    def ratio(cls, at_most: float) -> Target:
        return cls(max_ratio=at_most)

    @classmethod
    def ms(cls, at_most: float) -> Target:
        return cls(max_ms=at_most)

    @classmethod
    def mb(cls, at_most: float) -> Target:
        return cls(max_mb=at_most)

    @property
    def text(self) -> str:
        if self.max_ratio is not None:
            return f"≤ {self.max_ratio:g}× floor"
        if self.max_mb is not None:
            return f"≤ {self.max_mb:g} MB"
        return f"≤ {self.max_ms:g} ms"


UNITS = ("s", "MB")


@dataclass(frozen=True)
class Figure:
    """One measured figure: subject samples, optional floor samples (same run), its target.

    Samples are in ``unit``: seconds (the default) or megabytes (memory, file size).
    """

    name: str
    samples: list[float]
    floor_samples: list[float] | None
    target: Target
    extra: dict[str, object] = field(default_factory=dict)
    unit: str = "s"

    def __post_init__(self) -> None:
        if not self.samples:
            raise HarnessError(f"{self.name}: no samples")
        if self.unit not in UNITS:
            raise HarnessError(f"{self.name}: unknown unit {self.unit!r}")
        if self.target.max_ratio is not None and not self.floor_samples:
            raise HarnessError(f"{self.name}: a ratio target needs floor samples")
        if (self.target.max_ms is not None and self.unit != "s") or (
                self.target.max_mb is not None and self.unit != "MB"):
            raise HarnessError(f"{self.name}: the target's unit is not the samples' unit")

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def floor(self) -> float | None:
        if not self.floor_samples:
            return None
        return statistics.median(self.floor_samples)

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
        if self.target.max_mb is not None:
            return self.median <= self.target.max_mb
        assert self.target.max_ms is not None
        return self.median * 1000 <= self.target.max_ms


@dataclass(frozen=True)
class Options:
    """What the CLI passes to every benchmark: how many measured runs, and whether to go small."""

    repeat: int
    quick: bool = False  # small data sets only (the 1k vault), for the smoke test


# A benchmark returns one figure, or several rows (one per data-set size, p50 and p95…).
BenchFunction = Callable[[Options], Figure | Sequence[Figure]]


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
