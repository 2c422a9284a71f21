"""Render the sample printed plan in several languages to docs/screenshots/plan-<code>.png.

``.venv/bin/python scripts/plan_screenshots.py`` — needs ``pdftoppm`` (poppler-utils). The PDFs
are made in memory and only written to a temporary folder for pdftoppm, then deleted; they hold
made-up data only.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from shelter_desktop.domain.plans import (  # noqa: E402
    Action,
    Goal,
    Objective,
    PlanStatus,
    PlanVersion,
    PrintOptions,
    Responsible,
)
from shelter_desktop.reports.service_plan import render_plan  # noqa: E402

OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
WORDS = {
    "en": ("A safe room of my own, and to talk with Maria Lopez every week.",
           "Open a bank account"),
    "fr": ("Une chambre à moi, en sécurité.", "Ouvrir un compte bancaire"),
    "ar": ("أريد غرفة آمنة لي وحدي، وأن أتحدث مع Maria Lopez كل أسبوع.", "فتح حساب مصرفي"),
    "fa": ("یک اتاق امن برای خودم می‌خواهم.", "باز کردن حساب بانکی"),
    "pa": ("ਮੈਂ ਆਪਣਾ ਸੁਰੱਖਿਅਤ ਕਮਰਾ ਚਾਹੁੰਦੀ ਹਾਂ।", "ਬੈਂਕ ਖਾਤਾ ਖੋਲ੍ਹਣਾ"),
    "zh_Hans": ("我想要一个属于自己的安全房间。", "开一个银行账户"),
    "ko": ("나만의 안전한 방을 갖고 싶어요.", "은행 계좌 만들기"),
}


def sample(code: str) -> PlanVersion:
    words, step = WORDS.get(code, WORDS["en"])
    actions = (Action("a1", step, Responsible.CLIENT, dt.date(2026, 12, 20)),
               Action("a2", "Housing office", Responsible.CASEWORKER, dt.date(2026, 12, 15)),
               Action("a3", "", Responsible.PARTNER, dt.date(2027, 1, 10),
                      partner_description="Legal appointment"))
    goal = Goal("g1", "housing", 1, words, 1, (Objective("o1", step, dt.date(2027, 1, 31)),),
                actions)
    return PlanVersion("v1", "p1", "c1", 2, PlanStatus.ACTIVE, (goal,),
                       dt.datetime(2026, 12, 3, 14, 30), "Nadia")


def main() -> None:
    pages = [(code, PrintOptions(language=code)) for code in WORDS]
    pages.append(("en+ar", PrintOptions(language="en", second_language="ar")))
    with tempfile.TemporaryDirectory() as folder:
        for name, options in pages:
            pdf = Path(folder) / f"{name}.pdf"
            code = options.second_language or options.language
            pdf.write_bytes(render_plan(sample(code), "Zoë", options, today=dt.date(2026, 11, 28)))
            subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(OUT / f"plan-{name}")], check=True)
    print(f"plans in {OUT}")


if __name__ == "__main__":
    main()
