"""The staged intake (domain.md §2), defined once as data.

Forms, completion counts, validation, import columns and translations all read these
definitions, so a question is added or changed in one place. Labels are marked with ``N_`` and
translated where shown.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from shelter_desktop.i18n import N_


class FieldKind(enum.StrEnum):
    TEXT = "text"
    LONG_TEXT = "long_text"
    CHOICE = "choice"
    MULTI = "multi"
    DATE = "date"  # ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD" where ``approximate`` allows
    NUMBER = "number"
    LANGUAGE = "language"  # a language code; the form offers the known languages


class Requirement(enum.StrEnum):
    REQUIRED = "R"  # cannot be saved without it: system, safety and consent fields only
    ASK = "A"  # must be asked; "doesn't know", "prefers not", "not asked yet" are all valid
    OPTIONAL = "O"  # never prompted at first contact


Choice = tuple[str, str]  # (stored value, untranslated label)

YES_NO: tuple[Choice, ...] = (("yes", N_("Yes")), ("no", N_("No")))
YES_NO_UNSURE: tuple[Choice, ...] = (("yes", N_("Yes")), ("no", N_("No")),
                                     ("unsure", N_("Unsure")))


@dataclass(frozen=True)
class FieldSpec:
    key: str
    label: str
    kind: FieldKind
    requirement: Requirement
    choices: tuple[Choice, ...] = ()
    help: str = ""
    restricted: bool = False  # legal name, police involvement, narrative: caseworkers and admins
    approximate: bool = False  # dates: a year, or a year and month, is enough
    max_length: int = 500

    @property
    def declinable(self) -> bool:
        return self.requirement is not Requirement.REQUIRED


@dataclass(frozen=True)
class SectionSpec:
    key: str
    title: str
    intro: str = ""
    fields: tuple[FieldSpec, ...] = field(default_factory=tuple)


def _f(key: str, label: str, kind: FieldKind, requirement: Requirement, **options: object
       ) -> FieldSpec:
    return FieldSpec(key, label, kind, requirement, **options)  # type: ignore[arg-type]


R, A, OPT = Requirement.REQUIRED, Requirement.ASK, Requirement.OPTIONAL
TEXT, LONG, CHOICE, MULTI, DATE, NUMBER, LANGUAGE = (
    FieldKind.TEXT, FieldKind.LONG_TEXT, FieldKind.CHOICE, FieldKind.MULTI, FieldKind.DATE,
    FieldKind.NUMBER, FieldKind.LANGUAGE)

NAME_QUALITY: tuple[Choice, ...] = (
    ("full", N_("Full name")),
    ("partial", N_("Partial, street or code name")),
)

CONTACT_CHANNELS: tuple[Choice, ...] = (
    ("call", N_("Phone call")), ("text", N_("Text message")), ("voicemail", N_("Voicemail")),
    ("email", N_("Email")), ("app", N_("Messaging app")), ("in_person", N_("In person")),
)

CONSENT_COLLECT: tuple[Choice, ...] = (
    ("given", N_("Agreed to have their information recorded")),
    ("declined", N_("Declined: keep an anonymous record")),
)

FIRST_CONTACT = SectionSpec(
    "first_contact", N_("First contact"),
    N_("Safety and immediate needs only. The story can wait."),
    (
        _f("name_to_use", N_("Name to use"), TEXT, R, max_length=200,
           help=N_("Any name the person wants to be called, including a code name.")),
        _f("aliases", N_("Other names (separate with ;)"), TEXT, OPT, max_length=500),
        _f("name_quality", N_("This name is"), CHOICE, R, choices=NAME_QUALITY),
        _f("spoken_languages", N_("Languages spoken, with dialect"), TEXT, R, max_length=200),
        _f("reading_language", N_("Language they read best"), LANGUAGE, R),
        _f("interpreter_used", N_("An interpreter helped today"), CHOICE, R, choices=YES_NO),
        _f("safe_to_talk", N_("Is it safe to talk now?"), CHOICE, A, choices=YES_NO_UNSURE),
        _f("harmer_nearby", N_("Is the person who hurt you nearby, or do they know where you "
                               "are?"), CHOICE, A, choices=YES_NO_UNSURE),
        _f("urgent_medical", N_("Urgent medical need"), CHOICE, A, choices=YES_NO,
           help=N_("If yes, call 911 or arrange health care first.")),
        _f("basic_needs", N_("Needs right now"), MULTI, A, choices=(
            ("food", N_("Food")), ("clothing", N_("Clothing")), ("hygiene", N_("Hygiene")),
            ("medication", N_("Medication")), ("sleep", N_("Sleep")), ("phone", N_("Phone")))),
        _f("dependants_count", N_("Children or other dependants with them"), NUMBER, A),
        _f("under_18", N_("Under 18?"), CHOICE, A, choices=YES_NO_UNSURE),
        _f("contact_channels", N_("Safe ways to contact them"), MULTI, R,
           choices=CONTACT_CHANNELS,
           help=N_("Leave all unticked if they must not be contacted: they will get in touch.")),
        _f("may_name_organisation", N_("Staff may say the organisation's name"), CHOICE, R,
           choices=YES_NO),
        _f("contact_message", N_("Exact words to use when contacting"), TEXT, OPT, max_length=300),
        _f("safe_times", N_("Safe times to contact"), TEXT, OPT, max_length=200),
        _f("device_monitored", N_("Phone may be watched or given by someone else"), CHOICE, A,
           choices=YES_NO_UNSURE),
        _f("code_word", N_("Code word"), TEXT, OPT, max_length=100),
        _f("consent_collect", N_("Consent to keep their information"), CHOICE, R,
           choices=CONSENT_COLLECT),
        _f("confidentiality_explained", N_("Limits of confidentiality explained"), CHOICE, R,
           choices=(("yes", N_("Yes, explained")),)),
    ),
)

DOB_QUALITY: tuple[Choice, ...] = (("full", N_("Exact date")), ("approximate", N_("Approximate")))

FIRST_WEEK = SectionSpec(
    "first_week", N_("First week"),
    N_("Ask when the person is settled. Every answer can wait or be declined."),
    (
        _f("legal_name", N_("Legal name, if different"), TEXT, OPT, restricted=True, max_length=200,
           help=N_("Only when needed for ID, benefits or a permit.")),
        _f("date_of_birth", N_("Date of birth"), DATE, A, approximate=True),
        _f("dob_quality", N_("Date of birth is"), CHOICE, A, choices=DOB_QUALITY),
        _f("gender", N_("Gender"), MULTI, A, choices=(
            ("woman", N_("Woman")), ("man", N_("Man")), ("non_binary", N_("Non-binary")),
            ("transgender", N_("Transgender")),
            ("culturally_specific", N_("Culturally specific identity (e.g., Two-Spirit)")),
            ("different", N_("A different identity")))),
        _f("indigenous_identity", N_("Indigenous identity"), MULTI, A, choices=(
            ("first_nations", N_("First Nations")), ("metis", N_("Métis")),
            ("inuit", N_("Inuit")), ("none", N_("None")))),
        _f("disability", N_("Disabling condition"), CHOICE, A, choices=YES_NO),
        _f("accessibility_needs", N_("Accessibility needs"), TEXT, OPT, max_length=500),
        _f("project_start", N_("Date services started"), DATE, R),
        _f("prior_living", N_("Where they stayed before"), CHOICE, A, choices=(
            ("employer_housing", N_("Housing controlled by an employer or exploiter")),
            ("own_home", N_("Own or rented home")),
            ("friends_family", N_("With friends or family")),
            ("shelter", N_("Shelter")), ("street", N_("No fixed place")),
            ("institution", N_("Hospital, jail or other institution")), ("other", N_("Other")))),
        _f("immigration_status", N_("Immigration status"), CHOICE, A, choices=(
            ("citizen", N_("Citizen")), ("permanent_resident", N_("Permanent resident")),
            ("worker_closed", N_("Worker, closed permit")),
            ("worker_open", N_("Worker, open permit")), ("student", N_("Student")),
            ("visitor", N_("Visitor")), ("refugee_claimant", N_("Refugee claimant")),
            ("protected_person", N_("Protected person")), ("cuaet", N_("CUAET")),
            ("vtip_trp", N_("Temporary resident permit for victims (VTIP)")),
            ("no_status", N_("No status or expired")))),
        _f("trp_expiry", N_("Permit expiry date"), DATE, OPT),
        _f("country_citizenship", N_("Country of citizenship"), TEXT, A, max_length=100),
        _f("country_birth", N_("Country of birth"), TEXT, A, max_length=100),
        _f("id_documents", N_("Identity documents"), CHOICE, A, choices=(
            ("holds", N_("Holds their documents")),
            ("held_by_someone", N_("Held by someone else")), ("lost", N_("Lost")),
            ("destroyed", N_("Destroyed")), ("never_had", N_("Never had")))),
        _f("health_coverage", N_("Health coverage"), CHOICE, A, choices=(
            ("provincial", N_("Provincial")), ("ifhp", N_("Interim Federal Health Program")),
            ("none", N_("None")))),
        _f("referral_source", N_("Referred by"), CHOICE, A, choices=(
            ("self", N_("Themselves")), ("hotline", N_("Hotline")), ("police", N_("Police")),
            ("cbsa", N_("Border services")), ("ngo", N_("Community organisation")),
            ("health", N_("Health care")), ("other", N_("Other")))),
    ),
)

TRAFFICKING = SectionSpec(
    "experience", N_("Their experience"),
    N_("You don't have to answer these questions. They help us find the right services, "
       "and you can stop at any time."),
    (
        _f("exploitation_types", N_("What happened"), MULTI, A, choices=(
            ("sexual", N_("Sexual exploitation")), ("labour", N_("Forced labour")),
            ("marriage", N_("Forced marriage")), ("criminality", N_("Forced criminal activity")),
            ("other", N_("Other")))),
        _f("labour_sector", N_("Work sector"), CHOICE, OPT, choices=(
            ("agriculture", N_("Agriculture")), ("construction", N_("Construction")),
            ("cleaning_hospitality", N_("Cleaning or hospitality")),
            ("domestic", N_("Domestic work or caregiving")), ("restaurant", N_("Restaurant")),
            ("manufacturing", N_("Manufacturing")), ("other", N_("Other")))),
        _f("where_exploited", N_("Where it happened"), CHOICE, A, choices=(
            ("canada", N_("In Canada")), ("abroad", N_("Abroad")), ("both", N_("Both")))),
        _f("recruitment", N_("How they were recruited"), MULTI, OPT, choices=(
            ("job", N_("Job offer or agency")), ("online", N_("Online ad or social media")),
            ("partner", N_("Partner or romance")), ("family", N_("Family or acquaintance")),
            ("study_visa", N_("Promise of study or a visa")), ("force", N_("Force")))),
        _f("control_methods", N_("Ways they were controlled"), MULTI, OPT, choices=(
            ("id_taken", N_("Documents taken")), ("debt", N_("Debt")),
            ("threats_family", N_("Threats to family")), ("isolation", N_("Isolation")),
            ("confinement", N_("Confinement")), ("violence", N_("Violence")),
            ("wages_withheld", N_("Wages withheld")), ("phone_control", N_("Phone controlled")),
            ("substances", N_("Substances")))),
        _f("exploiter_contact", N_("The person who exploited them is still in contact or "
                                   "knows where they are"), CHOICE, A, choices=YES_NO_UNSURE),
        _f("law_enforcement", N_("Police involvement"), CHOICE, OPT, restricted=True, choices=(
            ("not_discussed", N_("Not discussed")), ("does_not_wish", N_("Does not wish to")),
            ("considering", N_("Considering it")), ("reported", N_("Reported")),
            ("participating", N_("Taking part in a case"))),
           help=N_("Never needed for services or a permit. Never printed.")),
        _f("narrative_note", N_("Restricted note, only if the person wants to tell"), LONG, OPT,
           restricted=True, max_length=20000),
    ),
)

SECTIONS: tuple[SectionSpec, ...] = (FIRST_CONTACT, FIRST_WEEK, TRAFFICKING)
FIELDS: dict[str, FieldSpec] = {spec.key: spec for section in SECTIONS for spec in section.fields}
RESTRICTED_FIELDS = frozenset(key for key, spec in FIELDS.items() if spec.restricted)


def section_of(key: str) -> SectionSpec:
    for section in SECTIONS:
        if any(spec.key == key for spec in section.fields):
            return section
    raise KeyError(key)


RELATIONSHIP: tuple[Choice, ...] = (
    ("child", N_("Child")), ("spouse_partner", N_("Spouse or partner")),
    ("other_relative", N_("Other relative")), ("non_relation", N_("Not related")),
)

DEPENDANT = SectionSpec(
    "dependant", N_("Dependant"), "",
    (
        _f("name_to_use", N_("Name to use"), TEXT, R, max_length=200),
        _f("date_of_birth", N_("Date of birth or year"), DATE, A, approximate=True),
        _f("relationship", N_("Relationship"), CHOICE, R, choices=RELATIONSHIP),
        _f("whereabouts", N_("Where they are now"), CHOICE, A, choices=(
            ("with_client", N_("With the client")), ("relatives", N_("With relatives")),
            ("home_country", N_("In the home country")), ("in_care", N_("In care")),
            ("with_exploiter", N_("With the exploiter")), ("unknown", N_("Unknown")))),
        _f("in_school", N_("In school"), CHOICE, A, choices=YES_NO),
        _f("needs", N_("Needs"), TEXT, OPT, max_length=500),
        _f("child_protection_concern", N_("Child-protection concern"), CHOICE, A,
           choices=YES_NO,
           help=N_("The duty to report overrides confidentiality. Tell the client when a "
                   "report is made.")),
        _f("report_date", N_("Date reported"), DATE, OPT),
        _f("client_informed", N_("Client told about the report"), CHOICE, OPT, choices=YES_NO),
    ),
)

INTERPRETER = SectionSpec(
    "interpreter", N_("Interpreter"),
    N_("Never family, other residents, children or anyone connected to the exploiter."),
    (
        _f("mode", N_("How the interpreter took part"), CHOICE, R, choices=(
            ("in_person", N_("In person")), ("phone", N_("By phone")), ("video", N_("By video")))),
        _f("language", N_("Language and dialect"), TEXT, R, max_length=100),
        _f("interpreter", N_("Interpreter's name, or service and ID"), TEXT, R, max_length=200),
        _f("client_agreed", N_("Client agreed to this interpreter (asked privately)"), CHOICE, R,
           choices=YES_NO),
        _f("conflict", N_("Interpreter knows the client, the exploiter or their community"),
           CHOICE, A, choices=YES_NO_UNSURE),
        _f("gender_preference_met", N_("Client's gender preference met"), CHOICE, A,
           choices=(("yes", N_("Yes")), ("no", N_("No")), ("none", N_("No preference")))),
        _f("confidentiality_agreement", N_("Confidentiality agreement on file"), CHOICE, A,
           choices=YES_NO),
    ),
)

DEPENDANT_FIELDS: dict[str, FieldSpec] = {spec.key: spec for spec in DEPENDANT.fields}
INTERPRETER_FIELDS: dict[str, FieldSpec] = {spec.key: spec for spec in INTERPRETER.fields}
