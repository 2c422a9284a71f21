"""Smoke test for ``python -m bench``: it runs, prints its table, writes its JSON.

Never asserts a timing: a busy machine must not fail the suite (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.registry import Figure, HarnessError, Target

ROOT = Path(__file__).resolve().parents[2]
METADATA_KEYS = {"date", "python", "pyside6", "qt", "sqlcipher", "sqlite", "cpu_count",
                 "platform"}
CLIENT_FIGURES = ("unlock-list", "search", "open-client", "save-intake", "update-answers",
                  "memory", "db-size", "language-switch", "plan-preview", "backup")


def test_startup_runs_and_writes_json(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--repeat", "2", "--only", "startup", "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr
    header = result.stdout.splitlines()[0]
    for column in ("figure", "median", "floor", "ratio", "target", "result"):
        assert column in header
    assert "Process start → unlock window shown" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert METADATA_KEYS <= data["metadata"].keys()
    assert data["metadata"]["sqlcipher"]
    (row,) = data["figures"]
    for key in ("median_s", "floor_s", "ratio"):
        assert isinstance(row[key], float)
    assert len(row["samples_s"]) == len(row["floor_samples_s"]) == 2
    assert isinstance(row["passed"], bool)


def test_client_figures_run_quick_on_the_small_vault(tmp_path: Path) -> None:
    """``--quick``: the 1k vault only (built here, in a private cache), a few runs, every row."""
    out = tmp_path / "bench.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen",
               SHELTER_BENCH_CACHE=str(tmp_path / "cache"))
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--repeat", "2", "--only", *CLIENT_FIGURES,
         "--json", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-5000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metadata"]["failed"] == []
    rows = {row["figure"]: row for row in data["figures"]}
    assert {row["key"] for row in rows.values()} == set(CLIENT_FIGURES)
    for name in ("Unlock (key derivation excluded) → client list usable (1k)",
                 "Search per keystroke p50 (1k)", "Search per keystroke p95 (1k)",
                 "Peak memory with the list open (1k)", "Database size vs plain SQLite (1k)",
                 "Switch interface language with an intake open (1k)",
                 "Plan preview, page 1 shown (Latin)",
                 "Plan preview, page 1 shown (shaped script)",
                 "Backup vs a plain file copy (1k)"):
        assert name in rows, sorted(rows)
        assert name in result.stdout
    assert not any("(10k)" in name or "(100k)" in name for name in rows)  # quick: 1k only
    for row in rows.values():
        unit = "mb" if row["unit"] == "MB" else "s"
        assert isinstance(row[f"median_{unit}"], float)
        assert isinstance(row["passed"], bool)
        if row["key"] not in ("db-size", "memory"):
            assert len(row[f"samples_{unit}"]) == 2
    search = rows["Search per keystroke p95 (1k)"]
    assert all(count > 0 for count in search["matches"].values())  # every name is in the data
    memory = rows["Peak memory with the list open (1k)"]
    assert memory["rows"] > 0 and memory["floor_mb"] > 0
    switch = rows["Switch interface language with an intake open (1k)"]
    assert switch["text_widgets"] > 100 and len(switch["floor_samples_s"]) == 2
    assert len(switch["call_s"]) == 2 and switch["languages"][-1] == "en"
    assert (tmp_path / "cache").is_dir()
    # The cached vault holds plans too, and its plain copy the same rows (checked when built).
    (info_path,) = (tmp_path / "cache").glob("v*-d*-1000-*/dataset.json")
    info = json.loads(info_path.read_text(encoding="utf-8"))
    assert info["rows"]["clients"] == 1000
    assert 1000 < info["rows"]["plan_versions"] < 2000 and info["rows"]["assessments"] > 2500


PLAN_ROWS = ("Plan PDF, 3 pages, Latin", "Plan PDF, Arabic", "Plan PDF, Punjabi",
             "Plan PDF, Persian", "Plan PDF, Chinese", "Plan PDF, Korean",
             "Plan PDF, English beside Arabic")


def test_plan_pdf_rows_run_against_the_bare_reportlab_floor(tmp_path: Path) -> None:
    """Every printed-plan row, a couple of runs; the bench itself checks the 3 pages."""
    out = tmp_path / "bench.json"
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--repeat", "2", "--only", "plan-pdf",
         "--json", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode == 0, result.stderr[-5000:]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["metadata"]["failed"] == []
    rows = {row["figure"]: row for row in data["figures"]}
    assert list(rows) == list(PLAN_ROWS)
    for name, row in rows.items():
        assert name in result.stdout
        assert len(row["samples_s"]) == len(row["floor_samples_s"]) == 2
        assert isinstance(row["ratio"], float) and isinstance(row["passed"], bool)
        assert row["pages"] >= 3 and row["pdf_kb"] > 0
    latin = rows["Plan PDF, 3 pages, Latin"]
    assert latin["pages"] == 3 and latin["target"] == "≤ 1.3× floor"
    assert rows["Plan PDF, Arabic"]["target"] == "≤ 150 ms"
    assert rows["Plan PDF, English beside Arabic"]["languages"] == ["en", "ar"]


def test_the_floor_is_the_same_document_as_the_printed_plan() -> None:
    """The bench's fairness check catches a floor that prints something else."""
    import dataclasses

    from bench import pdf_floor, plan_pdf
    from shelter_desktop import i18n
    from shelter_desktop.domain.plans import PrintOptions
    from shelter_desktop.reports.service_plan import render_plan

    pdf_floor.register_fonts()
    plan = plan_pdf.bench_plan("en")
    document = plan_pdf.floor_document(plan, "Maria Santos", i18n.translator_for("en"))
    subject = render_plan(plan, "Maria Santos", PrintOptions(language="en"),
                          today=plan_pdf.TODAY)
    assert plan_pdf.check_same_document(subject, pdf_floor.render(document)) == 3
    other = dataclasses.replace(document, blocks=document.blocks[:-1])
    with pytest.raises(HarnessError, match="differs"):
        plan_pdf.check_same_document(subject, pdf_floor.render(other))


def test_ratio_and_absolute_targets() -> None:
    figure = Figure("x", [0.3, 0.2, 0.4], [0.1, 0.2, 0.2], Target.ratio(1.5))
    assert figure.median == 0.3 and figure.floor == 0.2
    assert figure.ratio == pytest.approx(1.5) and figure.passed
    assert not Figure("y", [0.031], None, Target.ms(30)).passed
    assert Figure("y", [0.029], None, Target.ms(30)).ratio is None
    assert Figure("m", [240.0], [60.0], Target.mb(250), unit="MB").passed
    assert not Figure("m", [251.0], None, Target.mb(250), unit="MB").passed
    with pytest.raises(HarnessError):
        Figure("m", [0.2], None, Target.mb(250))  # seconds against a size target


def test_ratio_target_needs_a_floor() -> None:
    with pytest.raises(HarnessError):
        Figure("z", [0.1], None, Target.ratio(1.5))
