"""The controlled vocabularies of the domain guide: stable codes for files and the database,
labels for people. Codes are never renamed; new ones may be added."""
from __future__ import annotations

from collections.abc import Mapping

from .errors import ChronologyError

EVENT_TYPES: dict[str, str] = {
    "birth": "Birth",
    "contact": "Contact to children's social care",
    "referral": "Referral to children's social care",
    "referral_decision": "Referral decision",
    "early_help_start": "Early help episode started",
    "early_help_end": "Early help episode ended",
    "assessment_start": "Assessment started",
    "assessment_complete": "Assessment completed",
    "strategy_discussion": "Strategy discussion",
    "s47_start": "Section 47 enquiry started",
    "s47_outcome": "Section 47 enquiry outcome",
    "icpc": "Initial child protection conference",
    "rcpc": "Review child protection conference",
    "core_group": "Core group meeting",
    "cin_meeting": "Child in need meeting",
    "cp_plan_start": "Child protection plan started",
    "cp_plan_end": "Child protection plan ended",
    "cin_plan_start": "Child in need plan started",
    "cin_plan_end": "Child in need plan ended",
    "child_seen": "Visit: child seen",
    "child_seen_alone": "Visit: child seen alone",
    "child_not_seen": "Visit: child not seen",
    "no_access_visit": "No access visit",
    "child_views": "Child's views recorded",
    "police_incident": "Police incident",
    "domestic_abuse_incident": "Domestic abuse incident",
    "health_appointment": "Health appointment attended",
    "was_not_brought": "Was not brought to an appointment",
    "hospital_attendance": "Hospital or A&E attendance",
    "school_attendance_concern": "School attendance concern",
    "school_exclusion": "School exclusion",
    "missing_education": "Missing education",
    "missing_from_home": "Missing from home",
    "household_change": "Household change (new partner, separation, bereavement, move)",
    "escalation": "Escalation between agencies",
    "management_oversight": "Management oversight / supervision decision",
    "case_closed": "Case closed",
    "court": "Court or legal event",
    "other": "Other",
    #: What an agency's return records in its own words for a kind of event Chronology does not
    #: know: the words are kept beside the entry, for the worker to refine.
    "agency_information": "Information from an agency",
}

#: The local authority's own casework: these steps act on a concern; they do not raise it again
#: (an assessment categorised "neglect" is not neglect raised once more).
CASEWORK_STEPS = frozenset({
    "referral_decision", "early_help_start", "early_help_end", "assessment_start", "assessment_complete",
    "strategy_discussion", "s47_start", "s47_outcome", "icpc", "rcpc", "core_group", "cin_meeting",
    "cp_plan_start", "cp_plan_end", "cin_plan_start", "cin_plan_end", "child_seen", "child_seen_alone",
    "child_not_seen", "no_access_visit", "child_views", "management_oversight", "case_closed", "court"})

#: Events that need the child to have been born: seeing or hearing the child, appointments the child
#: was not brought to, school, going missing. (Family history from before a birth — an incident in
#: pregnancy, a pre-birth referral — is recorded as usual, and shown as before the birth.)
NEEDS_BIRTH = frozenset({"child_seen", "child_seen_alone", "child_not_seen", "child_views", "was_not_brought",
                         "school_attendance_concern", "school_exclusion", "missing_education", "missing_from_home"})

#: The outcome a decision records, by the kind of decision (the choices the Children in Need
#: census records). Codes are stable, like the event types'.
OUTCOMES: dict[str, dict[str, str]] = {
    "referral_decision": {"nfa": "No further action", "early_help": "Early help",
                          "assessment": "Assessment", "strategy": "Strategy discussion"},
    "strategy_discussion": {"s47": "Section 47 enquiry started", "no_s47": "No section 47 enquiry"},
    "s47_outcome": {"icpc": "Initial child protection conference needed", "no_icpc": "No conference needed"},
}
OUTCOME_LABELS: dict[str, str] = {code: label for choices in OUTCOMES.values() for code, label in choices.items()}

#: What can be marked as third-party information: the whole entry, or some of its text.
THIRD_PARTY_PARTS: dict[str, str] = {"entry": "The whole entry", "summary": "What happened",
                                     "impact": "Impact on the child", "action": "Action / outcome",
                                     "child_voice": "Child's voice"}

CATEGORIES: dict[str, str] = {
    "neglect": "Neglect",
    "emotional_abuse": "Emotional abuse",
    "physical_abuse": "Physical abuse",
    "sexual_abuse": "Sexual abuse",
    "domestic_abuse": "Domestic abuse",
    "parental_mental_health": "Parental mental ill health",
    "child_mental_health": "Child's mental health",
    "parental_alcohol": "Parental alcohol misuse",
    "parental_drugs": "Parental drug misuse",
    "child_alcohol": "Child's alcohol misuse",
    "child_drugs": "Child's drug misuse",
    "parental_learning_disability": "Parental learning disability",
    "parental_illness_disability": "Parental illness or disability",
    "child_disability": "Child's illness or disability",
    "missing": "Going or being missing",
    "sexual_exploitation": "Child sexual exploitation",
    "criminal_exploitation": "Child criminal exploitation",
    "trafficking": "Trafficking",
    "gangs": "Gangs",
    "self_harm": "Self-harm",
    "young_carer": "Young carer",
    "socially_unacceptable_behaviour": "Socially unacceptable behaviour",
    "fgm": "Female genital mutilation",
    "faith_abuse": "Abuse linked to faith or belief",
    "other": "Other",
}

#: Children in Need census codes each category maps to (shown as a hint in pickers).
CENSUS_CODES: dict[str, str] = {
    "neglect": "NEG, 16A", "emotional_abuse": "EMO, 17A", "physical_abuse": "PHY, 18C",
    "sexual_abuse": "SAB, 19C", "domestic_abuse": "3A/3B/3C", "parental_mental_health": "4B",
    "child_mental_health": "4A", "parental_alcohol": "1B", "parental_drugs": "2B",
    "child_alcohol": "1A", "child_drugs": "2A", "parental_learning_disability": "5B",
    "parental_illness_disability": "6B", "child_disability": "5A/6A", "missing": "10A",
    "sexual_exploitation": "11A", "criminal_exploitation": "24A", "trafficking": "12A",
    "gangs": "13A", "self_harm": "15A", "young_carer": "7A",
    "socially_unacceptable_behaviour": "14A", "fgm": "22A", "faith_abuse": "23A", "other": "20",
}

RATINGS: dict[str, str] = {"red": "Red", "amber": "Amber", "green": "Green"}
KEY_EVENT = "key"
SIGNIFICANCE: dict[str, str] = {KEY_EVENT: "Key event", **RATINGS}

#: Agencies offered by the source picker; any other agency may be typed.
AGENCIES: tuple[str, ...] = (
    "Children's social care", "Police", "Health visiting", "School nursing", "GP",
    "Midwifery", "Hospital", "Emergency department", "Dental", "School", "Nursery",
    "Early help", "Probation", "Youth justice", "Substance misuse service",
    "Adult mental health", "CAMHS", "Housing", "Domestic abuse service", "Family member",
    "Neighbour", "Anonymous", "Other",
)

#: Ethnicity as the census groups it, offered by the profile editor (any other text may be typed).
ETHNICITIES: tuple[str, ...] = (
    "White British", "White: Irish", "White: Gypsy or Irish Traveller", "White: Roma",
    "White: any other White background", "Mixed: White and Black Caribbean",
    "Mixed: White and Black African", "Mixed: White and Asian", "Mixed: any other mixed background",
    "Asian or Asian British: Indian", "Asian or Asian British: Pakistani",
    "Asian or Asian British: Bangladeshi", "Asian or Asian British: Chinese",
    "Asian or Asian British: any other Asian background", "Black or Black British: Caribbean",
    "Black or Black British: African", "Black or Black British: any other Black background",
    "Arab", "Any other ethnic group", "Refused", "Not yet obtained",
)

GENDERS: tuple[str, ...] = ("Female", "Male", "Non-binary", "Not known", "Not stated")


class VocabularyError(ChronologyError, ValueError):
    """A code or label that is not in the controlled list."""


_LOOKUPS: dict[int, dict[str, str]] = {}


def resolve(vocabulary: Mapping[str, str], text: str, what: str) -> str:
    """Return the code for ``text``, given as a code or a label, in any case."""
    lookup = _LOOKUPS.get(id(vocabulary))
    if lookup is None:
        lookup = {label.casefold(): code for code, label in vocabulary.items()}
        lookup.update({code.casefold(): code for code in vocabulary})
        _LOOKUPS[id(vocabulary)] = lookup
    code = lookup.get(text.strip().casefold())
    if code is None:
        raise VocabularyError(f"'{text.strip()}' is not a known {what}")
    return code


def event_type_label(code: str) -> str:
    return EVENT_TYPES.get(code, code)


def category_label(code: str) -> str:
    return CATEGORIES.get(code, code)
