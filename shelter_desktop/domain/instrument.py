"""The needs-assessment instrument: 13 domains scored 1–5 (domain.md §3).

Adapted from the Self-Sufficiency Matrix; not validated. Defined once, as data, with every text
marked for translation, so the form, the history, printed plans and a future second instrument
all read the same definitions. Anchors are short and plain so an interpreter can say them.
"""

from __future__ import annotations

from dataclasses import dataclass

from shelter_desktop.i18n import N_

NOT_APPLICABLE = 0
SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Domain:
    key: str
    name: str
    description: str
    anchors: tuple[str, str, str, str, str]  # what 1…5 look like
    allows_not_applicable: bool = False
    not_applicable_label: str = N_("Not applicable")


@dataclass(frozen=True)
class Instrument:
    key: str
    name: str
    note: str
    level_names: tuple[str, str, str, str, str]
    guidance: str
    domains: tuple[Domain, ...]

    def domain(self, key: str) -> Domain:
        for domain in self.domains:
            if domain.key == key:
                return domain
        raise KeyError(key)


SELF_SUFFICIENCY = Instrument(
    key="ssm_adapted_v1",
    name=N_("Needs assessment"),
    note=N_("Adapted from the Self-Sufficiency Matrix. Not validated."),
    level_names=(N_("In crisis"), N_("Vulnerable"), N_("Safe"), N_("Building capacity"),
                 N_("Empowered")),
    guidance=N_("Score together with the client. Between two levels, choose the lower one."),
    domains=(
        Domain("safety", N_("Safety"), N_("Freedom from threat; a safe place and safe contact"), (
            N_("Danger now; the exploiter knows where they are"),
            N_("Threat likely; no safety plan"),
            N_("No known threat; a plan is in place"),
            N_("Uses the plan alone; knows how to get help"),
            N_("Feels safe; no contact for a long time"))),
        Domain("housing", N_("Shelter and housing"), N_("A safe place to live"), (
            N_("Nowhere safe tonight, or housing controlled by the exploiter"),
            N_("Emergency or temporary place, not secure"),
            N_("Shelter or transitional bed secured"),
            N_("Moving to stable housing with support"),
            N_("Stable, safe, affordable home of their choice"))),
        Domain("health", N_("Physical health"), N_("Medical care and coverage"), (
            N_("Urgent untreated condition; no medication"),
            N_("Needs known; no coverage or provider"),
            N_("Coverage and first appointments"),
            N_("Regular provider; some help needed"),
            N_("Manages own care"))),
        Domain("mental_health", N_("Mental health and trauma"), N_("Coping and support"), (
            N_("Danger to self or others; cannot function"),
            N_("Distress disrupts daily life; no support"),
            N_("Manageable; support accepted"),
            N_("In counselling, peer or cultural support; coping"),
            N_("Symptoms rarely get in the way"))),
        Domain("legal", N_("Legal and immigration"),
               N_("Status, criminal, civil and labour matters"), (
            N_("Out of status, facing removal or charges; no help"),
            N_("Issues known; no lawyer"),
            N_("Legal advice; applications filed"),
            N_("Temporary status secured; knows the next dates"),
            N_("Long-term status; matters resolved"))),
        Domain("documents", N_("Identity documents"), N_("Holding their own papers"), (
            N_("None, or all held by the exploiter"),
            N_("Key ID missing; services blocked"),
            N_("Replacements under way; temporary proof"),
            N_("Has the ID needed for services"),
            N_("Holds and controls all documents"))),
        Domain("income", N_("Income"), N_("Money of their own"), (
            N_("None, or controlled by someone else"),
            N_("Not enough; a claimed debt is being pursued"),
            N_("Basics met by benefits"),
            N_("Manages with little help; own bank account"),
            N_("Enough, self-managed, saving"))),
        Domain("employment", N_("Work"), N_("Safe, legal work"), (
            N_("Still exploited, or no right to work"),
            N_("Informal or unsafe work"),
            N_("Allowed to work (or not looking); search started"),
            N_("Legal, safe job but too little pay or hours"),
            N_("Stable, safe job with benefits"))),
        Domain("education", N_("Education and language"), N_("English or French, and schooling"), (
            N_("No English or French and no interpreter"),
            N_("Relies on an interpreter for everything"),
            N_("Enrolled in language or literacy classes"),
            N_("Manages daily life in English or French"),
            N_("Education enough for their own goals"))),
        Domain("children", N_("Childcare and children"), N_("Children's safety, care and school"), (
            N_("A child is unsafe or missing"),
            N_("Care unreliable; out of school"),
            N_("Children safe; care and school being arranged"),
            N_("Reliable care; attending school"),
            N_("Chooses good care; needs met")),
            allows_not_applicable=True, not_applicable_label=N_("No children")),
        Domain("substance_use", N_("Substance use"), N_("Alcohol and drugs"), (
            N_("Severe harm, or used as a means of control"),
            N_("Affects daily life; no support"),
            N_("Harm reduction, or wants help"),
            N_("In treatment or recovery; stable"),
            N_("No problem use")),
            allows_not_applicable=True),
        Domain("family", N_("Family and community"),
               N_("Family, community, reunification or return"), (
            N_("Isolated; family threatened or missing"),
            N_("Contact unsafe; wishes unclear"),
            N_("One safe contact; wishes written down"),
            N_("Reunification, return or community ties under way"),
            N_("A support network they chose; decision carried out"))),
        Domain("basic_needs", N_("Basic needs"), N_("Food, clothing, hygiene, phone, transport"), (
            N_("Lacking today"),
            N_("Fully dependent on the shelter"),
            N_("Met through the shelter or benefits; a safe phone"),
            N_("Mostly provides for themselves"),
            N_("Fully independent"))),
    ),
)

INSTRUMENTS = {SELF_SUFFICIENCY.key: SELF_SUFFICIENCY}
CRISIS = 1
