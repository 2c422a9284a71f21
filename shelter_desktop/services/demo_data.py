"""Synthetic clients for training, screenshots and benchmarks (``shelter-admin demo-data``).

Real client data must never leave a shelter, so everything that needs a full vault (training new
staff, the 100,000-client benchmarks, screenshots) uses these instead. They are made to exercise
what real data exercises: names in ten languages and six scripts, with code names, other-script
aliases and restricted legal names; declined and unknown answers; dependants, interpreters,
minors, closed files, consents started over three years, and permits about to expire. Each
client also has needs assessments (domain.md §3): an intake within 30 days of entry, up to four
reviews, an exit when the file is closed, and now and then a correction; scores mostly move from
"in crisis" or "vulnerable" towards "safe" and "building capacity", with setbacks, declined and
not-assessed domains, and "not applicable" for children or substance use where it fits. Most
also have a service plan (domain.md §4) made from their intake assessment, reviewed and revised
(``demo_plans``).

The same seed gives the same clients (names, answers and dates relative to ``today``), so a
benchmark or a bug report can be reproduced. Faker is imported only here, when demo data is made.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from shelter_desktop.domain.accounts import Permission
from shelter_desktop.domain.answers import Answer, Answers, AnswerStatus
from shelter_desktop.domain.assessments import (
    REVIEW_DAYS,
    STABILISING_DAYS,
    STABILISING_REVIEW_DAYS,
    Assessment,
    AssessmentKind,
    DomainScore,
    ScoreStatus,
    next_assessment,
)
from shelter_desktop.domain.audit import AuditAction
from shelter_desktop.domain.instrument import NOT_APPLICABLE, SELF_SUFFICIENCY
from shelter_desktop.domain.intake_schema import FIELDS
from shelter_desktop.domain.new_clients import (
    PROGRESS_EVERY,
    NewClient,
    VaultNotEmptyError,
    check_new_client,
)
from shelter_desktop.domain.plans import PlanVersion, plan_review_due
from shelter_desktop.services.clients import _insert_record
from shelter_desktop.services.demo_plans import PlanGenerator
from shelter_desktop.services.session import Session
from shelter_desktop.storage.assessments_repo import AssessmentRepository
from shelter_desktop.storage.clients_repo import ClientRepository
from shelter_desktop.storage.clock import now_utc
from shelter_desktop.storage.plans_repo import PlanRepository

if TYPE_CHECKING:
    from faker import Faker

MAX_CLIENTS = 1_000_000


@dataclass(frozen=True)
class _Origin:
    faker_locale: str | None  # None: names from the hand-made lists below
    weight: int
    reading: str  # the language they read best
    spoken: tuple[str, ...]  # how staff would note the languages spoken, in that language
    countries: tuple[str, ...]
    local: bool = False  # Canadian-born clients: citizens, provincial health coverage


ORIGINS: dict[str, _Origin] = {
    "en": _Origin("en_CA", 14, "en", ("English",), ("Canada",), local=True),
    "fr": _Origin("fr_CA", 10, "fr", ("Français", "Français, English"), ("Canada",), local=True),
    "es": _Origin("es_MX", 12, "es", ("Español", "Español (México)", "Español, English"),
                  ("Mexico", "Guatemala", "Honduras", "Colombia")),
    "fil": _Origin(None, 10, "fil", ("Tagalog", "Tagalog, English", "Cebuano, Tagalog"),
                   ("Philippines",)),
    "zh": _Origin("zh_CN", 10, "zh_Hans", ("普通话", "普通话，粤语", "福建话"), ("China",)),
    "ko": _Origin("ko_KR", 6, "ko", ("한국어",), ("South Korea",)),
    "uk": _Origin("uk_UA", 10, "uk", ("Українська", "Українська, русский"), ("Ukraine",)),
    "ar": _Origin("ar_SA", 10, "ar", ("العربية", "العربية (الشامية)", "العربية (السودانية)"),
                  ("Syria", "Sudan", "Iraq", "Lebanon", "Egypt")),
    "fa": _Origin("fa_IR", 7, "fa", ("فارسی", "دری"), ("Iran", "Afghanistan")),
    "pa": _Origin(None, 11, "pa", ("ਪੰਜਾਬੀ", "ਪੰਜਾਬੀ, हिन्दी"), ("India",)),
}

# Faker has no Punjabi or Filipino names; these small lists stand in (Gurmukhi with the usual
# Latin spelling, which serves as the alias).
PUNJABI_GIVEN = (
    ("ਹਰਪ੍ਰੀਤ", "Harpreet"), ("ਗੁਰਪ੍ਰੀਤ", "Gurpreet"), ("ਜਸਪ੍ਰੀਤ", "Jaspreet"),
    ("ਮਨਦੀਪ", "Mandeep"), ("ਅਮਨਦੀਪ", "Amandeep"), ("ਰਮਨਦੀਪ", "Ramandeep"),
    ("ਨਵਦੀਪ", "Navdeep"), ("ਕਮਲਜੀਤ", "Kamaljit"), ("ਮਨਪ੍ਰੀਤ", "Manpreet"),
    ("ਸੁਖਪ੍ਰੀਤ", "Sukhpreet"), ("ਹਰਜੀਤ", "Harjit"), ("ਗੁਰਜੀਤ", "Gurjit"),
    ("ਪਰਮਜੀਤ", "Paramjit"), ("ਸਿਮਰਨ", "Simran"), ("ਜਸਲੀਨ", "Jasleen"), ("ਹਰਲੀਨ", "Harleen"),
    ("ਨਵਨੀਤ", "Navneet"), ("ਰਾਜਵੀਰ", "Rajveer"), ("ਗੁਰਵਿੰਦਰ", "Gurwinder"),
    ("ਹਰਵਿੰਦਰ", "Harwinder"), ("ਕੁਲਵਿੰਦਰ", "Kulwinder"), ("ਬਲਜੀਤ", "Baljit"),
    ("ਸੁਖਵਿੰਦਰ", "Sukhwinder"), ("ਜਸਵੀਰ", "Jasvir"), ("ਅਮਰਜੀਤ", "Amarjit"),
    ("ਪ੍ਰਭਜੋਤ", "Prabhjot"), ("ਕਿਰਨ", "Kiran"), ("ਰੁਪਿੰਦਰ", "Rupinder"), ("ਮਨਜੀਤ", "Manjit"),
    ("ਸੰਦੀਪ", "Sandeep"),
)
PUNJABI_SURNAMES = (
    ("ਗਿੱਲ", "Gill"), ("ਸੰਧੂ", "Sandhu"), ("ਸਿੱਧੂ", "Sidhu"), ("ਢਿੱਲੋਂ", "Dhillon"),
    ("ਗਰੇਵਾਲ", "Grewal"), ("ਬਰਾੜ", "Brar"), ("ਮਾਨ", "Mann"), ("ਬਾਜਵਾ", "Bajwa"),
    ("ਚੀਮਾ", "Cheema"), ("ਰੰਧਾਵਾ", "Randhawa"), ("ਧਾਲੀਵਾਲ", "Dhaliwal"), ("ਸੇਖੋਂ", "Sekhon"),
    ("ਔਲਖ", "Aulakh"), ("ਸਿੰਘ", "Singh"), ("ਕੌਰ", "Kaur"),
)
FILIPINO_FEMALE = ("Maria Luz", "Jocelyn", "Rowena", "Marites", "Lourdes", "Maricel", "Analyn",
                   "Jonalyn", "Mary Grace", "Rhea", "Liezl", "Angelica", "Kristine", "Charmaine",
                   "Rosario", "Divina")
FILIPINO_MALE = ("Jose", "Rodel", "Mark Anthony", "Jomar", "Ramil", "Arnel", "Reynaldo",
                 "Romeo", "Jun", "Noel")
FILIPINO_SURNAMES = ("dela Cruz", "Santos", "Reyes", "Bautista", "Garcia", "Mendoza",
                     "Villanueva", "Ramos", "Aquino", "Castillo", "Flores", "Manalo", "Dizon",
                     "Pascual", "Soriano", "Navarro", "Mercado", "Tolentino", "Macaraeg")
FILIPINO_NICKNAMES = ("Joy", "Tin", "Bing", "Len", "Weng", "Jun-Jun", "Bong", "Neneng")
# Common surnames with their pinyin, so a Chinese client's alias ("Lily Wang") reads true.
CHINESE_SURNAMES = (
    ("王", "Wang"), ("李", "Li"), ("张", "Zhang"), ("刘", "Liu"), ("陈", "Chen"), ("杨", "Yang"),
    ("黄", "Huang"), ("赵", "Zhao"), ("吴", "Wu"), ("周", "Zhou"), ("徐", "Xu"), ("孙", "Sun"),
    ("马", "Ma"), ("朱", "Zhu"), ("胡", "Hu"), ("郭", "Guo"), ("何", "He"), ("林", "Lin"),
    ("高", "Gao"), ("罗", "Luo"), ("郑", "Zheng"), ("梁", "Liang"), ("谢", "Xie"), ("宋", "Song"),
    ("唐", "Tang"), ("许", "Xu"), ("邓", "Deng"), ("冯", "Feng"), ("韩", "Han"), ("曹", "Cao"),
)
ARABIC_GIVEN = (
    ("فاطمة", "Fatima", "f"), ("مريم", "Maryam", "f"), ("زينب", "Zainab", "f"),
    ("عائشة", "Aisha", "f"), ("نور", "Nour", "f"), ("ليلى", "Layla", "f"), ("سارة", "Sara", "f"),
    ("هدى", "Huda", "f"), ("أمل", "Amal", "f"), ("رنا", "Rana", "f"), ("ياسمين", "Yasmin", "f"),
    ("سلمى", "Salma", "f"), ("أحمد", "Ahmad", "m"), ("محمد", "Mohammed", "m"),
    ("علي", "Ali", "m"), ("عمر", "Omar", "m"), ("خالد", "Khaled", "m"), ("يوسف", "Youssef", "m"),
)
PERSIAN_GIVEN = (
    ("زهرا", "Zahra", "f"), ("مریم", "Maryam", "f"), ("فاطمه", "Fatemeh", "f"),
    ("نرگس", "Narges", "f"), ("شیرین", "Shirin", "f"), ("پریسا", "Parisa", "f"),
    ("لیلا", "Leila", "f"), ("مهسا", "Mahsa", "f"), ("نازنین", "Nazanin", "f"),
    ("علی", "Ali", "m"), ("رضا", "Reza", "m"), ("حسین", "Hossein", "m"), ("مهدی", "Mehdi", "m"),
)
CODE_NAMES = ("Robin", "Willow", "Maple", "Aurora", "Sparrow", "Juniper", "Hazel", "Iris", "Luna",
              "Nova", "Étoile", "Colibri", "Mésange", "Sky", "Wren")
EXIT_REASONS = ("Moved to permanent housing", "Returned to family", "Moved to another province",
                "Referred to a longer-term program", "Left without notice",
                "Goals of the service plan met")
SAFE_TIMES = ("Weekdays 9–11", "After 6 pm", "Tuesday and Thursday mornings",
              "Only after she calls first")

# Revised Romanization of Korean, syllable by syllable (no sound-change rules: close enough for
# an alias), with the spellings people actually use for the common surnames.
_KO_INITIALS = ("g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch",
                "k", "t", "p", "h")
_KO_MEDIALS = ("a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u",
               "wo", "we", "wi", "yu", "eu", "ui", "i")
_KO_FINALS = ("", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m",
              "p", "p", "t", "t", "ng", "t", "t", "k", "t", "p", "t")
_KO_SURNAMES = {"김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang",
                "조": "Cho", "윤": "Yoon", "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh",
                "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang", "안": "Ahn", "송": "Song",
                "류": "Ryu", "홍": "Hong", "유": "Yoo", "문": "Moon", "고": "Ko", "노": "Noh"}
# Ukrainian national transliteration (2010); the second table is for the start of a word.
_UK = dict(zip("абвгґдеєжзиіїйклмнопрстуфхцчшщьюя'’",
               ["a", "b", "v", "h", "g", "d", "e", "ie", "zh", "z", "y", "i", "i", "i", "k", "l",
                "m", "n", "o", "p", "r", "s", "t", "u", "f", "kh", "ts", "ch", "sh", "shch", "",
                "iu", "ia", "", ""], strict=True))
_UK_START = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}


def romanize_korean(text: str) -> str:
    parts = []
    for ch in text:
        code = ord(ch) - 0xAC00
        if 0 <= code < 11172:
            initial, rest = divmod(code, 588)
            medial, final = divmod(rest, 28)
            parts.append(_KO_INITIALS[initial] + _KO_MEDIALS[medial] + _KO_FINALS[final])
        else:
            parts.append(ch)
    return "-".join(parts).capitalize()


def romanize_ukrainian(text: str) -> str:
    words = []
    for word in text.split():
        letters = [(index == 0 and _UK_START.get(ch.lower())) or _UK.get(ch.lower(), ch)
                   for index, ch in enumerate(word)]
        words.append("".join(letters).capitalize())
    return " ".join(words)


@dataclass(frozen=True)
class _Person:
    name: str  # as written in the person's own script
    alias: str  # another spelling or a nickname; "" when none
    given: str


class _Generator:
    """Everything random comes from one ``random.Random`` and seeded Fakers: one seed, one vault."""

    def __init__(self, seed: int, today: dt.date) -> None:
        from faker import Faker  # several hundred milliseconds to import: only when needed

        self.rng = random.Random(seed)
        self.today = today
        self.fakers: dict[str, Faker] = {}
        for index, (key, origin) in enumerate(sorted(ORIGINS.items())):
            if origin.faker_locale:
                faker = Faker(origin.faker_locale)
                faker.seed_instance(seed * 31 + index)
                self.fakers[key] = faker
        self.english = Faker("en_CA")
        self.english.seed_instance(seed * 31 + 99)
        self.origin_keys = list(ORIGINS)
        self.origin_weights = [ORIGINS[key].weight for key in self.origin_keys]

    # -- small helpers ----------------------------------------------------------------------

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def pick(self, options: dict[str, int]) -> str:
        return self.rng.choices(list(options), weights=list(options.values()))[0]

    def ask(self, value: Any, declined: float = 0.07, unknown: float = 0.04) -> Answer:
        """A realistic answer to a question the person may decline or not know."""
        roll = self.rng.random()
        if roll < declined:
            return Answer(AnswerStatus.PREFERS_NOT)
        if roll < declined + unknown:
            return Answer(AnswerStatus.DOESNT_KNOW)
        return Answer.of(value)

    def some(self, key: str, low: int = 1, high: int = 3) -> list[str]:
        codes = [code for code, _label in FIELDS[key].choices]
        return self.rng.sample(codes, self.rng.randint(low, min(high, len(codes))))

    def day_between(self, first: dt.date, last: dt.date) -> dt.date:
        return first + dt.timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    # -- names ------------------------------------------------------------------------------

    def person(self, origin: str, female: bool) -> _Person:
        rng = self.rng
        if origin == "pa":
            given, given_latin = rng.choice(PUNJABI_GIVEN)
            middle, middle_latin = ("ਕੌਰ", "Kaur") if female else ("ਸਿੰਘ", "Singh")
            surname, surname_latin = rng.choice(PUNJABI_SURNAMES[:13])
            return _Person(f"{given} {middle} {surname}",
                           f"{given_latin} {middle_latin} {surname_latin}", given)
        if origin == "fil":
            given = rng.choice(FILIPINO_FEMALE if female else FILIPINO_MALE)
            alias = rng.choice(FILIPINO_NICKNAMES) if self.chance(0.3) else ""
            return _Person(f"{given} {rng.choice(FILIPINO_SURNAMES)}", alias, given)
        faker = self.fakers[origin]
        given = faker.first_name_female() if female else faker.first_name_male()
        surname = re.sub(r"\s*\(.*\)", "", faker.last_name_female() if female
                         else faker.last_name_male())
        english = (self.english.first_name_female() if female
                   else self.english.first_name_male())
        if origin == "zh":
            surname, pinyin = rng.choice(CHINESE_SURNAMES)
            alias = f"{english} {pinyin}" if self.chance(0.6) else ""
            return _Person(surname + given, alias, given)
        if origin == "ko":
            family = _KO_SURNAMES.get(surname) or romanize_korean(surname)
            roman = f"{romanize_korean(given)} {family}"
            return _Person(surname + given, roman if self.chance(0.7) else english, given)
        if origin == "uk":
            name = f"{given} {surname}"
            return _Person(name, romanize_ukrainian(name) if self.chance(0.7) else "", given)
        if origin in ("ar", "fa") and self.chance(0.6):
            table = ARABIC_GIVEN if origin == "ar" else PERSIAN_GIVEN
            choices = [entry for entry in table if (entry[2] == "f") == female]
            given, latin, _sex = rng.choice(choices)
            return _Person(f"{given} {surname}", latin, given)
        if origin in ("ar", "fa"):
            return _Person(f"{given} {surname}", english if self.chance(0.2) else "", given)
        if origin == "es" and self.chance(0.5):
            surname = f"{surname} {faker.last_name()}"
        alias = self.english.first_name_female() if female and self.chance(0.1) else ""
        return _Person(f"{given} {surname}", alias, given)

    # -- one client -------------------------------------------------------------------------

    def client(self) -> NewClient:
        rng = self.rng
        origin_key = rng.choices(self.origin_keys, weights=self.origin_weights)[0]
        origin = ORIGINS[origin_key]
        gender = self.pick({"woman": 75, "man": 20, "non_binary": 3, "transgender": 2})
        female = gender != "man" and not (gender != "woman" and self.chance(0.5))
        person = self.person(origin_key, female)
        entry = self.today - dt.timedelta(days=rng.randint(0, 3 * 365))
        minor = self.chance(0.04)
        reading = origin.reading
        if not origin.local and reading != "fil" and self.chance(0.1):
            reading = "en"
        elif reading == "fil" and self.chance(0.5):
            reading = "en"
        answers: Answers = {}
        if self.chance(0.1):  # a code name, with the real name kept restricted
            answers["name_to_use"] = Answer.of(rng.choice(CODE_NAMES) if self.chance(0.7)
                                               else f"Client {rng.choice('ABCDEFGHK')}-"
                                                    f"{rng.randint(10, 99)}")
            answers["legal_name"] = Answer.of(person.name)
            answers["name_quality"] = Answer.of("partial")
        else:
            full = self.chance(0.8)
            answers["name_to_use"] = Answer.of(person.name if full else person.given)
            answers["name_quality"] = Answer.of("full" if full else "partial")
            if person.alias:
                answers["aliases"] = Answer.of(person.alias)
        interpreter = None
        if reading not in ("en", "fr"):
            interpreter = self.interpreter(rng.choice(origin.spoken))
        answers.update({
            "spoken_languages": Answer.of(rng.choice(origin.spoken)),
            "reading_language": Answer.of(reading),
            "interpreter_used": Answer.of("yes" if interpreter else "no"),
            "safe_to_talk": self.ask(self.pick({"yes": 85, "unsure": 10, "no": 5})),
            "harmer_nearby": self.ask(self.pick({"no": 70, "unsure": 20, "yes": 10})),
            "urgent_medical": self.ask(self.pick({"no": 88, "yes": 12}), unknown=0.0),
            "basic_needs": self.ask(self.some("basic_needs", 0, 4), unknown=0.0),
            "contact_channels": Answer.of([] if self.chance(0.35)
                                          else self.some("contact_channels", 1, 3)),
            "may_name_organisation": Answer.of(self.pick({"no": 70, "yes": 30})),
            "device_monitored": self.ask(self.pick({"no": 55, "unsure": 30, "yes": 15})),
            "consent_collect": Answer.of("declined" if self.chance(0.04) else "given"),
            "confidentiality_explained": Answer.of("yes"),
            "project_start": Answer.of(entry.isoformat()),
        })
        if minor:
            answers["under_18"] = Answer.of("yes")
        if self.chance(0.2):
            answers["safe_times"] = Answer.of(rng.choice(SAFE_TIMES))
        dependants = self.dependants(origin_key, entry) if self.chance(0.3) and not minor else ()
        if dependants:
            answers["dependants_count"] = Answer.of(len(dependants))
        if self.chance(0.75):
            self.first_week(answers, origin, gender, minor)
        if self.chance(0.55):
            self.experience(answers)
        exit_date, reason = None, ""
        if self.chance(0.2) and (self.today - entry).days > 7:
            exit_date = self.day_between(entry + dt.timedelta(days=7),
                                         min(self.today, entry + dt.timedelta(days=400)))
            reason = rng.choice(EXIT_REASONS)
        return NewClient(answers=answers, entry_date=entry, interpreter=interpreter,
                         dependants=dependants, exit_date=exit_date, exit_reason=reason)

    def first_week(self, answers: Answers, origin: _Origin, gender: str, minor: bool) -> None:
        rng = self.rng
        age = rng.randint(15, 17) if minor else min(18 + int(rng.expovariate(1 / 12)), 70)
        born = self.today - dt.timedelta(days=age * 365 + rng.randint(0, 364))
        precision = self.pick({"day": 60, "month": 10, "year": 15, "prefers_not": 8,
                               "doesnt_know": 7})
        if precision in ("prefers_not", "doesnt_know"):
            answers["date_of_birth"] = Answer(AnswerStatus(precision))
        else:
            text = {"day": born.isoformat(), "month": born.isoformat()[:7],
                    "year": str(born.year)}[precision]
            answers["date_of_birth"] = Answer.of(text)
            answers["dob_quality"] = Answer.of("full" if precision == "day" else "approximate")
        answers["gender"] = self.ask([gender], declined=0.03, unknown=0.0)
        if origin.local:
            answers["indigenous_identity"] = self.ask(
                [self.pick({"none": 75, "first_nations": 14, "metis": 8, "inuit": 3})])
            status = self.pick({"citizen": 90, "permanent_resident": 10})
        elif origin.reading == "uk":
            status = self.pick({"cuaet": 60, "worker_open": 15, "vtip_trp": 10,
                                "refugee_claimant": 10, "no_status": 5})
        else:
            status = self.pick({"worker_closed": 20, "vtip_trp": 15, "refugee_claimant": 15,
                                "visitor": 10, "no_status": 10, "student": 8,
                                "permanent_resident": 8, "worker_open": 5,
                                "protected_person": 4, "citizen": 3})
        answers["immigration_status"] = self.ask(status, declined=0.05, unknown=0.03)
        if status == "vtip_trp":
            soon = self.chance(0.3)
            expiry = self.today + dt.timedelta(days=rng.randint(1, 30) if soon
                                               else rng.randint(31, 540))
            answers["trp_expiry"] = Answer.of(expiry.isoformat())
        answers["health_coverage"] = self.ask(
            "provincial" if status in ("citizen", "permanent_resident", "cuaet")
            else "ifhp" if status in ("vtip_trp", "refugee_claimant", "protected_person")
            else self.pick({"none": 70, "provincial": 30}))
        country = rng.choice(origin.countries)
        answers["country_citizenship"] = self.ask(country, unknown=0.0)
        answers["country_birth"] = self.ask(country, unknown=0.0)
        answers["id_documents"] = self.ask(
            "holds" if origin.local else self.pick(
                {"holds": 40, "held_by_someone": 35, "lost": 10, "destroyed": 5,
                 "never_had": 10}))
        answers["disability"] = self.ask(self.pick({"no": 80, "yes": 20}))
        answers["prior_living"] = self.ask(self.pick(
            {"employer_housing": 35, "friends_family": 20, "shelter": 15, "street": 10,
             "own_home": 10, "institution": 3, "other": 7}))
        answers["referral_source"] = self.ask(self.pick(
            {"ngo": 30, "self": 20, "hotline": 15, "police": 10, "health": 10, "cbsa": 5,
             "other": 10}), unknown=0.02)

    def experience(self, answers: Answers) -> None:
        types = [self.pick({"labour": 45, "sexual": 40, "marriage": 8, "criminality": 4,
                            "other": 3})]
        if self.chance(0.1):
            types = sorted({*types, "labour", "sexual"})
        answers["exploitation_types"] = self.ask(types, declined=0.15, unknown=0.0)
        if "labour" in types and self.chance(0.8):
            answers["labour_sector"] = Answer.of(self.pick(
                {"agriculture": 25, "domestic": 20, "cleaning_hospitality": 20,
                 "restaurant": 15, "construction": 8, "manufacturing": 7, "other": 5}))
        answers["where_exploited"] = self.ask(self.pick({"canada": 60, "both": 25,
                                                         "abroad": 15}))
        if self.chance(0.6):
            answers["recruitment"] = Answer.of(self.some("recruitment", 1, 2))
        if self.chance(0.6):
            answers["control_methods"] = Answer.of(self.some("control_methods", 1, 4))
        answers["exploiter_contact"] = self.ask(self.pick({"no": 55, "unsure": 30, "yes": 15}))
        if self.chance(0.5):
            answers["law_enforcement"] = Answer.of(self.pick(
                {"not_discussed": 35, "does_not_wish": 30, "considering": 15, "reported": 12,
                 "participating": 8}))

    def interpreter(self, language: str) -> Answers:
        rng = self.rng
        return {
            "mode": Answer.of(self.pick({"phone": 50, "in_person": 30, "video": 20})),
            "language": Answer.of(language),
            "interpreter": Answer.of(f"Interpretation service, ID {rng.randint(1000, 9999)}"),
            "client_agreed": Answer.of("yes" if self.chance(0.97) else "no"),
            "conflict": Answer.of(self.pick({"no": 88, "unsure": 10, "yes": 2})),
            "gender_preference_met": Answer.of(self.pick({"yes": 60, "none": 35, "no": 5})),
            "confidentiality_agreement": Answer.of("yes"),
        }

    def dependants(self, origin: str, entry: dt.date) -> tuple[Answers, ...]:
        rng = self.rng
        count = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        result = []
        for _ in range(count):
            age = rng.randint(0, 17)
            born = entry - dt.timedelta(days=age * 365 + rng.randint(0, 364))
            concern = self.pick({"no": 90, "yes": 5, "prefers_not": 5})
            answers: Answers = {
                "name_to_use": Answer.of(self.person(origin, self.chance(0.5)).given),
                "date_of_birth": Answer.of(born.isoformat() if self.chance(0.7)
                                           else str(born.year)),
                "relationship": Answer.of(self.pick({"child": 88, "other_relative": 8,
                                                     "non_relation": 4})),
                "whereabouts": self.ask(self.pick(
                    {"with_client": 60, "home_country": 20, "relatives": 10, "in_care": 4,
                     "with_exploiter": 2, "unknown": 4}), declined=0.03, unknown=0.0),
                "child_protection_concern": (Answer(AnswerStatus.PREFERS_NOT)
                                             if concern == "prefers_not" else Answer.of(concern)),
            }
            if age >= 5:
                answers["in_school"] = self.ask(self.pick({"yes": 75, "no": 25}), unknown=0.0)
            if concern == "yes":
                answers["report_date"] = Answer.of(self.day_between(entry, self.today)
                                                   .isoformat())
                answers["client_informed"] = Answer.of("yes")
            result.append(answers)
        return tuple(result)


def generate(count: int, seed: int, today: dt.date | None = None) -> Iterator[NewClient]:
    """``count`` synthetic clients, the same for the same seed and day."""
    generator = _Generator(seed, today or dt.date.today())
    for _ in range(count):
        yield generator.client()


# -- needs assessments ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannedAssessment:
    """One demo client's completed assessment, before it has an id."""

    kind: AssessmentKind
    assessed_on: dt.date
    scores: dict[str, DomainScore]
    completed_at: dt.datetime
    corrects: int | None = None  # the index, in the client's list, of the one this corrects
    correction_reason: str = ""


# Where clients start, per domain: weights for scores 1 … 5 at the intake assessment (a shelter
# bed is usually secured by then, basic needs met by the shelter).
_START: dict[str, tuple[int, int, int, int, int]] = {
    "safety": (30, 40, 25, 5, 0),
    "housing": (10, 35, 50, 5, 0),
    "health": (15, 40, 35, 10, 0),
    "mental_health": (15, 45, 30, 10, 0),
    "legal": (30, 40, 20, 7, 3),
    "documents": (30, 35, 20, 10, 5),
    "income": (45, 35, 15, 5, 0),
    "employment": (50, 25, 20, 5, 0),
    "education": (20, 25, 20, 25, 10),
    "children": (10, 35, 40, 15, 0),
    "substance_use": (5, 20, 30, 25, 20),
    "family": (25, 40, 25, 10, 0),
    "basic_needs": (10, 55, 30, 5, 0),
}
# What the first contact already says, where it says something about a domain.
_START_BY_ANSWER: dict[tuple[str, str], tuple[str, tuple[int, int, int, int, int]]] = {
    ("harmer_nearby", "yes"): ("safety", (70, 25, 5, 0, 0)),
    ("exploiter_contact", "yes"): ("safety", (55, 35, 10, 0, 0)),
    ("urgent_medical", "yes"): ("health", (60, 30, 10, 0, 0)),
    ("id_documents", "holds"): ("documents", (0, 0, 10, 40, 50)),
    ("id_documents", "held_by_someone"): ("documents", (75, 20, 5, 0, 0)),
    ("id_documents", "lost"): ("documents", (40, 45, 15, 0, 0)),
    ("id_documents", "destroyed"): ("documents", (40, 45, 15, 0, 0)),
    ("id_documents", "never_had"): ("documents", (50, 40, 10, 0, 0)),
    ("immigration_status", "citizen"): ("legal", (5, 10, 25, 30, 30)),
    ("immigration_status", "permanent_resident"): ("legal", (5, 10, 30, 35, 20)),
    ("immigration_status", "no_status"): ("legal", (60, 30, 10, 0, 0)),
    ("immigration_status", "vtip_trp"): ("legal", (0, 15, 45, 40, 0)),
    ("immigration_status", "refugee_claimant"): ("legal", (10, 35, 45, 10, 0)),
    ("reading_language", "en"): ("education", (0, 5, 15, 45, 35)),
    ("reading_language", "fr"): ("education", (0, 5, 15, 45, 35)),
}
# Domains people more often choose not to talk about.
_SENSITIVE = {"substance_use": 0.06, "mental_health": 0.04, "family": 0.04, "safety": 0.02}
_STAFF_NOTES: dict[str, tuple[str, ...]] = {
    "safety": ("Safety plan reviewed together.", "Plan de sécurité revu ensemble.",
               "The exploiter tried to call a relative."),
    "housing": ("On the waiting list for second-stage housing.", "Viewed an apartment."),
    "health": ("IFHP certificate received.", "First appointment at the clinic booked."),
    "mental_health": ("Started counselling.", "Sleeping badly since the court date was set."),
    "legal": ("TRP application filed.", "Demande de permis déposée.", "Met the legal clinic."),
    "documents": ("Passport replacement requested.", "Consulate appointment next week."),
    "income": ("Opened their own bank account.", "Benefits application sent."),
    "employment": ("Open work permit received.", "Looking for evening shifts."),
    "education": ("Enrolled in LINC level 2.", "Cours de francisation commencés."),
    "children": ("The eldest started school.", "Daycare subsidy approved."),
    "substance_use": ("Referred to harm reduction program.",),
    "family": ("Their mother knows they are safe.", "Wants to return home next year."),
    "basic_needs": ("Has a safe phone now.", "Bus pass provided."),
}
_DECLINED_NOTE = "Prefers to talk about this later."
CORRECTION_REASONS = ("Wrong score typed.", "Scored before the interpreter joined; redone.",
                      "Scores for two domains were swapped.", "Erreur de saisie.",
                      "The client clarified an answer the next day.")
_INTAKE_DELAY = ((0, 3, 45), (4, 14, 40), (15, 30, 15))  # days after entry: from, to, weight
_REVIEW_COUNT_WEIGHTS = (8, 24, 30, 22, 16)  # 0 … 4 reviews, when there is time for them
_LEFT_WITHOUT_NOTICE = "Left without notice"  # one of EXIT_REASONS: an exit mostly not assessed
# Cumulative weights, built once (random.choices would build them on every call).
_CUMULATIVE: dict[tuple[int, ...], tuple[int, ...]] = {
    weights: tuple(itertools.accumulate(weights))
    for weights in [*_START.values(), *(w for _d, w in _START_BY_ANSWER.values())]}
_NOT_ASSESSED = DomainScore(ScoreStatus.NOT_ASSESSED)
_PLAIN = {level: DomainScore.of(level) for level in (NOT_APPLICABLE, 1, 2, 3, 4, 5)}


class _AssessmentGenerator:
    """Assessments for generated clients, from a random stream of their own.

    The clients a seed gives stay the same whether or not their assessments are made.
    """

    def __init__(self, seed: int, today: dt.date, now: dt.datetime) -> None:
        self.rng = random.Random(f"assessments:{seed}")
        self.today = today
        self.now = now

    def _score(self, weights: Sequence[int]) -> int:
        cumulative = _CUMULATIVE.get(tuple(weights)) or tuple(itertools.accumulate(weights))
        return bisect.bisect(cumulative, self.rng.random() * cumulative[-1]) + 1

    def _completed_at(self, day: dt.date) -> dt.datetime:
        stamp = dt.datetime.combine(day, dt.time(14, 0), dt.UTC) + dt.timedelta(
            minutes=self.rng.randint(0, 9 * 60))
        return min(stamp, self.now)

    def for_client(self, client: NewClient) -> tuple[PlannedAssessment, ...]:
        rng = self.rng
        entry = client.entry_date
        closed = client.exit_date
        last_day = closed - dt.timedelta(days=1) if closed else self.today
        low, high, _weight = rng.choices(_INTAKE_DELAY, weights=[w for *_r, w in _INTAKE_DELAY])[0]
        intake_day = min(entry + dt.timedelta(days=rng.randint(low, high)), last_day)
        days = [(AssessmentKind.INTAKE, intake_day)]
        days += [(AssessmentKind.REVIEW, day) for day in self._review_days(entry, intake_day,
                                                                           last_day)]
        if closed:
            exit_day = closed if self.chance(0.75) else max(  # or a few days before
                closed - dt.timedelta(days=rng.randint(1, 6)), days[-1][1] + dt.timedelta(days=1))
            days.append((AssessmentKind.EXIT, exit_day))
        levels = self._start(client)
        declines = {key for key, chance in _SENSITIVE.items() if self.chance(chance)}
        pace = rng.uniform(0.25, 0.6)
        planned: list[PlannedAssessment] = []
        for index, (kind, day) in enumerate(days):
            if index:
                self._move(levels, pace)
            left = kind is AssessmentKind.EXIT and client.exit_reason == _LEFT_WITHOUT_NOTICE
            scores = self._scores(levels, declines, left)
            planned.append(PlannedAssessment(kind, day, scores, self._completed_at(day)))
            if kind is not AssessmentKind.EXIT and self.chance(0.03):
                planned.append(self._correction(len(planned) - 1, planned[-1]))
        return tuple(planned)

    def chance(self, probability: float) -> bool:
        return self.rng.random() < probability

    def _review_days(self, entry: dt.date, intake: dt.date, last_day: dt.date) -> list[dt.date]:
        """The days reviews fell on: roughly on time, some late; for a long stay, some missed."""
        slots: list[dt.date] = []
        last = intake
        while True:
            stabilising = (last - entry).days < STABILISING_DAYS
            interval = STABILISING_REVIEW_DAYS if stabilising else REVIEW_DAYS
            day = last + dt.timedelta(days=max(1, interval + self.rng.randint(-6, 14)))
            if day > last_day:
                break
            slots.append(day)
            last = day
        wanted = self.rng.choices(range(5), weights=_REVIEW_COUNT_WEIGHTS)[0]
        if len(slots) <= wanted:
            return slots
        if wanted and self.chance(0.9):  # usually up to date: the latest review was done
            return sorted(self.rng.sample(slots[:-1], wanted - 1)) + [slots[-1]]
        return sorted(self.rng.sample(slots[:-1], wanted))

    def _start(self, client: NewClient) -> dict[str, int]:
        weights = dict(_START)
        for (key, value), (domain, override) in _START_BY_ANSWER.items():
            if client.answers.get(key, Answer()).value == value:
                weights[domain] = override
        if client.interpreter is not None:
            weights["education"] = (35, 45, 15, 5, 0)
        levels = {domain: self._score(weights[domain]) for domain in _START}
        has_children = bool(client.dependants) or bool(
            client.answers.get("dependants_count", Answer()).value)
        if not has_children:
            levels["children"] = NOT_APPLICABLE
        if self.chance(0.45):  # no substance use to speak of
            levels["substance_use"] = NOT_APPLICABLE
        return levels

    def _move(self, levels: dict[str, int], pace: float) -> None:
        """One step on: mostly better, sometimes worse, now and then a crisis."""
        random_ = self.rng.random
        for domain, level in levels.items():
            if level == NOT_APPLICABLE:
                continue
            roll = random_()
            rise = pace * 0.4 if level >= 4 else pace
            if roll < rise:
                levels[domain] = min(5, level + 1)
            elif roll < rise + 0.07:
                levels[domain] = max(1, level - 1)
        if self.chance(0.06):  # the exploiter made contact, a court date, a relapse
            for domain in ("safety", "mental_health"):
                levels[domain] = max(1, levels[domain] - self.rng.randint(1, 2))

    def _scores(self, levels: dict[str, int], declines: set[str],
                left_without_notice: bool) -> dict[str, DomainScore]:
        rng = self.rng
        random_ = rng.random
        kept = set(rng.sample(sorted(levels), 3)) if left_without_notice else levels
        scores: dict[str, DomainScore] = {}
        for domain, level in levels.items():
            if domain not in kept or random_() < 0.04:
                scores[domain] = _NOT_ASSESSED
            elif domain in declines:
                note = _DECLINED_NOTE if random_() < 0.3 else ""
                scores[domain] = DomainScore(ScoreStatus.DECLINED, note=note)
            elif random_() < 0.06:
                scores[domain] = DomainScore.of(level, rng.choice(_STAFF_NOTES[domain]))
            else:
                scores[domain] = _PLAIN[level]
        if not any(s.status is ScoreStatus.SCORED for s in scores.values()):
            scores["basic_needs"] = DomainScore.of(max(levels["basic_needs"], 1))
        return scores

    def _correction(self, index: int, original: PlannedAssessment) -> PlannedAssessment:
        """The same assessment again with one or two scores put right."""
        rng = self.rng
        scores = dict(original.scores)
        scored = [k for k, v in scores.items() if v.score not in (None, NOT_APPLICABLE)]
        for domain in rng.sample(scored, min(len(scored), rng.randint(1, 2))):
            old = scores[domain]
            assert old.score is not None
            new = old.score + 1 if old.score == 1 else old.score - 1 if old.score == 5 else (
                old.score + rng.choice((-1, 1)))
            scores[domain] = DomainScore.of(new, old.note)
        later = original.completed_at + dt.timedelta(days=rng.randint(1, 5),
                                                     minutes=rng.randint(0, 300))
        return PlannedAssessment(original.kind, original.assessed_on, scores,
                                 min(later, self.now), corrects=index,
                                 correction_reason=rng.choice(CORRECTION_REASONS))


def generate_assessments(clients: Iterable[NewClient], seed: int,
                         today: dt.date | None = None, now: dt.datetime | None = None
                         ) -> Iterator[tuple[PlannedAssessment, ...]]:
    """Each client's assessments, oldest first, a correction right after what it corrects.

    The same for the same seed and day (completion times of today's are capped at ``now``).
    """
    generator = _AssessmentGenerator(seed, today or dt.date.today(), now or now_utc())
    for client in clients:
        yield generator.for_client(client)


def _stored(client_id: str, planned: Sequence[PlannedAssessment], actor_name: str
            ) -> list[Assessment]:
    """The client's planned assessments as stored, each with a new id.

    Not run through check_scores here (it would cost a third of the time): the scores come from
    the tables above in its complete form, and the tests hold every generated one to it.
    """
    ids = [str(uuid.uuid4()) for _ in planned]
    return [Assessment(id=assessment_id, client_id=client_id,
                       instrument_key=SELF_SUFFICIENCY.key, kind=p.kind, assessed_on=p.assessed_on,
                       scores=p.scores,
                       completed_at=p.completed_at, completed_by=actor_name,
                       corrects_id=None if p.corrects is None else ids[p.corrects],
                       correction_reason=p.correction_reason)
            for assessment_id, p in zip(ids, planned, strict=True)]


def _plan_reviews_due(versions: Sequence[tuple[PlanVersion, dt.datetime]],
                      batch: Sequence[NewClient], ids: Sequence[str]
                      ) -> list[tuple[str, dt.date | None]]:
    """What PlanService keeps for the list's "Plan review due" alert, for a batch of clients."""
    entries = {client_id: row.entry_date for client_id, row in zip(ids, batch, strict=True)}
    by_client: dict[str, list[PlanVersion]] = {}
    for version, _changed in versions:
        by_client.setdefault(version.client_id, []).append(version)
    return [(client_id, plan_review_due(entries[client_id],
                                        sorted(items, key=lambda v: v.version)))
            for client_id, items in by_client.items()]


class DemoDataService:
    """Fills an empty vault with synthetic clients, their assessments and service plans.

    One transaction, audited once (``clients=N``).
    """

    def __init__(self, session: Session) -> None:
        self.session = session

    def add_clients(self, count: int, seed: int | None = None,
                    progress: Callable[[int, int], None] | None = None,
                    today: dt.date | None = None) -> int:
        """Add ``count`` clients with assessments and plans; refused if the vault holds clients.

        So demo records are never mixed into real ones by accident. Rows are checked as they
        come (a generator of 100,000 need not fit in memory) by the rules an import applies,
        assessments by the rules of AssessmentService.complete; a bad row rolls everything back.
        Assessments and plans are written in bulk, not through their services (which would
        audit and re-read each one): the generators make them in the form those services store.
        """
        session = self.session
        session.require(Permission.IMPORT_CLIENTS)
        session.require(Permission.REVEAL_RESTRICTED)  # code names keep a legal name
        session.require(Permission.ASSESS)
        session.require(Permission.EDIT_PLAN)
        if seed is None:
            seed = random.SystemRandom().randrange(2**32)
        today = today or dt.date.today()
        if ClientRepository(session.vault.connection).count():
            raise VaultNotEmptyError()
        rows = generate(count, seed, today)
        now = now_utc()
        assessments = _AssessmentGenerator(seed, today, now)
        plans = PlanGenerator(seed, today, now)
        account = session.account
        done = 0
        with session.write() as connection:
            clients_repo = ClientRepository(connection)
            assessments_repo = AssessmentRepository(connection)
            plans_repo = PlanRepository(connection)
            if progress is not None:
                progress(0, count)
            while batch := [check_new_client(row)
                            for row in itertools.islice(rows, PROGRESS_EVERY)]:
                ids = clients_repo.insert_many([_insert_record(row, today) for row in batch],
                                               account.id)
                stored: list[Assessment] = []
                due: list[tuple[str, dt.date | None]] = []
                versions: list[tuple[PlanVersion, dt.datetime]] = []
                for client_id, row in zip(ids, batch, strict=True):
                    planned = assessments.for_client(row)
                    mine = _stored(client_id, planned, account.username)
                    stored += mine
                    versions += plans.for_client(client_id, row, planned, account.username)
                    # What is due while active (as AssessmentService.complete keeps it).
                    following = next_assessment(row.entry_date, mine)
                    due.append((client_id, following.due_on if following else None))
                assessments_repo.insert_many(stored, account.id)
                assessments_repo.set_clients_due(due)
                plans_repo.insert_many(versions, account.id)
                plans_repo.set_review_due(_plan_reviews_due(versions, batch, ids))
                done += len(batch)
                if progress is not None:
                    progress(done, max(count, done))
            session.audit(AuditAction.DEMO_DATA, None, f"clients={done}")
        return done
