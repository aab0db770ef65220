"""Words for the demo caseload: fictional names and the short factual entries a worker writes."""
from __future__ import annotations

FAMILY_NAMES = (
    "Hughes", "Nguyễn", "Kowalski", "Okafor", "Begum", "Murphy", "Ahmed", "Taylor", "Popescu",
    "Mensah", "Patel", "O'Brien", "Walker", "Łukasiewicz", "Campbell", "Hassan", "Evans", "Silva",
    "Johnson", "Khan", "Davies", "Mbeki", "Novak", "Robinson", "Ali", "Price", "Yilmaz", "Morgan",
)
GIVEN_NAMES = {
    "Female": ("Zoë", "Amara", "Maja", "Aisha", "Mia", "Ruby", "Ellie", "Lily", "Hana", "Freya",
               "Chloe", "Summer", "Isla", "Noor", "Grace", "Aaliyah", "Sienna", "Fatima", "Evie", "Poppy"),
    "Male": ("Kai", "Leo", "Tyler", "Jayden", "Oluwaseun", "Łukasz", "Mohammed", "Rhys", "Connor",
             "Ibrahim", "Tomasz", "Kofi", "Dylan", "Harvey", "Bình", "Jack", "Reuben", "Callum", "Ayaan", "Mason"),
}
LANGUAGES = ("English", "English", "English", "Polish", "Vietnamese", "Bengali", "Urdu",
             "Somali", "Romanian", "Yoruba")
DISABILITIES = ("None known", "None known", "None known", "None known", "Autism (diagnosed)",
                "Speech and language delay", "Hearing impairment", "ADHD (assessment pending)")

# Each entry: (summary, impact, action, child's voice). {child} and {agency} are filled in.
TEXT: dict[str, list[tuple[str, str, str, str]]] = {
    "birth": [("{child} born at 38 weeks, weight 2.9 kg.", "Healthy birth.", "Discharged home with mother.", "")],
    "health_appointment": [("Health visitor development review completed.", "Development on track.", "Next review booked.", "")],
    "health_appointment:GP": [("Immunisations given at GP surgery.", "Protected against childhood illness.", "None required.", "")],
    "health_appointment:Dental": [("Dental check-up attended with mother.", "Teeth healthy.", "Recall in 6 months.", "{child} chatty and relaxed.")],
    "was_not_brought": [("{child} was not brought to the paediatric review.", "Weight faltering not monitored.", "GP informed; second appointment sent.", "")],
    "was_not_brought:Dental": [("{child} was not brought to the dental appointment.", "Tooth decay untreated.", "Re-booked; health visitor informed.", "")],
    "was_not_brought:Audiology": [("{child} was not brought to the hearing test.", "Possible hearing loss not assessed.", "Re-booked; letter sent.", "")],
    "school_attendance_concern": [
        ("Attendance 84% this term; frequent lateness.", "Missing learning; arrives hungry.", "Attendance meeting offered to mother.", "{child} said mum was too tired to get up."),
        ("Unauthorised absences on Mondays.", "Falling behind in reading.", "Education welfare officer informed.", ""),
    ],
    "police_incident": [
        ("Police called to loud argument at home, late evening.", "{child} present and woke frightened.", "Words of advice; notification to children's social care.", ""),
    ],
    "domestic_abuse_incident": [
        ("Domestic abuse incident: father pushed mother in the kitchen.", "{child} witnessed it and hid upstairs.", "Father arrested; DASH risk assessment medium.", "{child} told the officer: 'I was scared for mum.'"),
        ("Verbal abuse and damage to property reported by neighbour.", "Children in the home at the time.", "DASH standard; referral to domestic abuse service offered.", ""),
    ],
    "referral": [
        ("Referral from {agency}: {child} arrived hungry, unwashed, in the same clothes all week.", "Basic care needs not met.", "Passed to the front door for a decision.", ""),
        ("Referral from {agency}: concerns about home conditions and supervision.", "Risk of accidental injury.", "Passed to the front door for a decision.", ""),
        ("Referral from {agency} after domestic abuse incident.", "Emotional harm from living with abuse.", "Passed to the front door for a decision.", ""),
    ],
    "contact": [("Contact from {agency} asking for advice about {child}.", "Not yet known.", "Advice given; no further action.", "")],
    "contact:Neighbour": [("A neighbour rang: the children are left alone in the evenings and the flat smells.", "Possible lack of supervision.", "Passed to the front door; the caller asked not to be named.", "")],
    "referral_decision:assessment": [("Decision: progress to a single assessment.", "", "Allocated to a social worker.", "")],
    "referral_decision:early_help": [("Decision: step down to early help.", "", "Early help offered to the family.", "")],
    "referral_decision:nfa": [("Decision: no further action by children's social care.", "Needs met by universal services.",
                               "Referrer and family told of the decision.", "")],
    "assessment_start": [("Single assessment started.", "", "Home visit arranged.", "")],
    "assessment_complete": [("Single assessment completed.", "Needs identified: basic care, emotional warmth, stability.", "Outcome agreed with manager.", "")],
    "strategy_discussion": [("Strategy discussion with police and health.", "Reasonable cause to suspect significant harm.", "Section 47 enquiry agreed.", "")],
    "child_seen:plan": [("Statutory visit: {child} seen at home.", "Home warmer; food in the cupboards.", "Plan actions checked with mother.", ""),
                        ("Statutory visit: {child} seen at school.", "Clean uniform; says breakfast is most days now.", "Shared with the designated safeguarding lead.", "")],
    "child_seen_alone:plan": [("Statutory visit: {child} seen alone in bedroom.", "Bedding now in place.", "Plan reviewed.", "{child} said: 'Mum gets up with me now.'")],
    "s47_start": [("Section 47 enquiry started.", "", "Joint visit planned.", "")],
    "s47_outcome": [("Section 47 outcome: concerns substantiated.", "Child at continuing risk of significant harm.", "Initial child protection conference requested.", "")],
    "icpc": [("Initial child protection conference.", "Plan needed under the category of neglect.", "Child protection plan made.", "{child}'s drawing of the three houses shared with the conference.")],
    "rcpc": [("Review child protection conference.", "Some progress; home conditions improved then slipped.", "Plan continues.", "")],
    "rcpc:end": [("Review child protection conference.", "Sustained progress over six months.", "Plan ended; stepped down to child in need.", "")],
    "core_group": [("Core group meeting.", "", "Actions reviewed; nursery place to be taken up.", "")],
    "cin_meeting": [("Child in need meeting.", "", "Plan reviewed with family.", "")],
    "cp_plan_start": [("Child protection plan started (neglect).", "", "Core group set up.", "")],
    "cp_plan_end": [("Child protection plan ended.", "Sufficient progress made.", "Stepped down to child in need.", "")],
    "cin_plan_start": [("Child in need plan started.", "", "Plan agreed with family.", "")],
    "cin_plan_end": [("Child in need plan ended.", "", "Case to close.", "")],
    "child_seen": [("Home visit: {child} seen with mother.", "Home cluttered; little food in the fridge.", "Food bank voucher given.", "")],
    "child_seen_alone": [("Home visit: {child} seen alone in bedroom.", "Bedroom has no bedding.", "Bedding to be sourced.", "{child} said: 'I like it when nana comes.'")],
    "child_not_seen": [("Home visit: mother said {child} was at a friend's.", "Child's welfare not checked.", "Re-visit within 5 days.", "")],
    "no_access_visit": [("No access: no answer at the door, curtains drawn.", "Child not seen.", "Card left; re-visit arranged.", "")],
    "child_views": [("{child}'s views gathered using the three houses tool.", "Worries about shouting at home.", "Shared with mother with consent.", "{child} said: 'I wish mummy and daddy didn't fight.'")],
    "hospital_attendance": [("{child} attended A&E with a burn to the hand.", "Explanation plausible but supervision a concern.", "Health visitor notified.", "")],
    "household_change": [("Mother's new partner moved into the home.", "Unknown adult in household.", "Checks requested.", ""),
                         ("Family moved to a new tenancy.", "Change of school needed.", "New school informed.", "")],
    "escalation": [("{agency} escalated concerns to team manager: no change in the child's circumstances.", "", "Manager to review.", "")],
    "management_oversight": [("Supervision: case reviewed by team manager.", "", "Decision to continue plan.", "")],
    "case_closed": [("Case closed to children's social care.", "", "Universal services continue.", "")],
    "missing_from_home": [("{child} reported missing overnight; found next morning.", "Risk of exploitation.", "Return interview offered.", "{child} would not say where {pronoun} had been.")],
    "school_exclusion": [("Fixed-term exclusion for 3 days after fight.", "Missing learning.", "Reintegration meeting booked.", "")],
    "early_help_start": [("Early help episode started with family support worker.", "", "Family plan agreed.", "")],
    "early_help_end": [("Early help episode ended.", "Some improvement in routines.", "Closed to early help.", "")],
    "court": [("Public law outline meeting held.", "", "Letter before proceedings sent.", "")],
}
