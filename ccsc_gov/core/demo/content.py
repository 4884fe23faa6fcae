"""The fictional people and business the demo history is made of (all invented)."""

from __future__ import annotations

from dataclasses import dataclass

from ccsc_gov.core.store.models import Purpose, Role

UNIVERSITY = "University of Northbridge"
HOSPITAL = "Northbridge Teaching Hospitals NHS Foundation Trust"
FUNDER = "Harbour Cancer Foundation"
# Each organisation's mail domain (reserved example domains: no real mailbox is ever reached).
EMAIL_DOMAINS = {
    UNIVERSITY: "northbridge.example.ac.uk",
    HOSPITAL: "nbth.example.nhs.uk",
    FUNDER: "harbourcancer.example.org",
}
OTHER_EMAIL_DOMAIN = "example.com"


@dataclass(frozen=True)
class DemoPerson:
    key: str
    title: str
    name: str
    position: str
    organisation: str


PEOPLE = (
    DemoPerson("chair", "Dame", "Margaret Ellison", "Independent Chair", "Independent"),
    DemoPerson("funder1", "Dr", "Owen Maddox", "Head of Research Funding", FUNDER),
    DemoPerson("funder2", "Ms", "Keira Lund", "Portfolio Manager", FUNDER),
    DemoPerson(
        "provost", "Prof.", "Richard Asante", "Pro-Vice-Chancellor for Research", UNIVERSITY
    ),
    DemoPerson("dean", "Prof.", "Elena Varga", "Dean of Medicine", UNIVERSITY),
    DemoPerson("trustrd", "Dr", "Fiona Marsh", "Director of Research and Development", HOSPITAL),
    DemoPerson("trustmd", "Mr", "David Chen", "Medical Director", HOSPITAL),
    DemoPerson("director", "Prof.", "Hannah Okafor", "Centre Director", UNIVERSITY),
    DemoPerson("deputy", "Dr", "Luis Ferreira", "Deputy Director", UNIVERSITY),
    DemoPerson("manager", "Ms", "Priya Natarajan", "Centre Manager", UNIVERSITY),
    DemoPerson("secretary", "Ms", "Ruth Adebayo", "Committee Secretary", UNIVERSITY),
    DemoPerson("finance", "Mr", "Tomasz Wójcik", "Finance Business Partner", UNIVERSITY),
    DemoPerson("lindqvist", "Prof.", "Grace Lindqvist", "Lead, Tumour Biology", UNIVERSITY),
    DemoPerson("haddad", "Dr", "Samir Haddad", "Lead, Cancer Genomics", UNIVERSITY),
    DemoPerson("brennan", "Dr", "Aoife Brennan", "Lead, Clinical Trials", HOSPITAL),
    DemoPerson("cole", "Prof.", "Martin Cole", "Lead, Radiotherapy", HOSPITAL),
    DemoPerson("tanaka", "Dr", "Yuki Tanaka", "Lead, Immunotherapy", UNIVERSITY),
    DemoPerson("osei", "Dr", "Kwame Osei", "Head of Bioinformatics", UNIVERSITY),
    DemoPerson("murray", "Prof.", "Alison Murray", "Director of Postgraduate Studies", UNIVERSITY),
    DemoPerson("patel", "Dr", "Nikhil Patel", "PhD Programme Lead", UNIVERSITY),
    DemoPerson("fischer", "Dr", "Anna Fischer", "Postdoctoral Development Lead", UNIVERSITY),
    DemoPerson("obrien", "Dr", "Ciarán O'Brien", "Group Leader", UNIVERSITY),
    DemoPerson("silva", "Ms", "Beatriz Silva", "Student Representative", UNIVERSITY),
    DemoPerson("rahman", "Dr", "Farah Rahman", "Clinical Training Lead", HOSPITAL),
    DemoPerson("hughes", "Mr", "Gareth Hughes", "Consultant Clinical Oncologist", HOSPITAL),
    DemoPerson("novak", "Dr", "Petra Novak", "Consultant Medical Oncologist", HOSPITAL),
    DemoPerson("adeyemi", "Dr", "Tunde Adeyemi", "Academic Clinical Lecturer", HOSPITAL),
    DemoPerson("walsh", "Ms", "Siobhan Walsh", "Clinical Education Manager", HOSPITAL),
    DemoPerson("baker", "Prof.", "Jonathan Baker", "Head of Pathology", HOSPITAL),
    DemoPerson("kowalski", "Dr", "Marta Kowalski", "Core Facilities Manager", UNIVERSITY),
    DemoPerson("grant", "Mr", "Euan Grant", "Research Integrity Officer", UNIVERSITY),
    DemoPerson("lee", "Dr", "Min-jun Lee", "Clinical Research Fellow", HOSPITAL),
)

# (person key, role, votes) per body; the secretary takes the minutes everywhere.
MEMBERSHIPS: dict[str, tuple[tuple[str, Role, bool], ...]] = {
    "GB": (
        ("chair", Role.CHAIR, True),
        ("provost", Role.VICE_CHAIR, True),
        ("funder1", Role.FUNDER_REPRESENTATIVE, True),
        ("funder2", Role.FUNDER_REPRESENTATIVE, True),
        ("dean", Role.MEMBER, True),
        ("trustrd", Role.MEMBER, True),
        ("trustmd", Role.MEMBER, True),
        ("director", Role.EX_OFFICIO, True),
        ("manager", Role.IN_ATTENDANCE, False),
        ("secretary", Role.SECRETARY, False),
    ),
    "EMC": (
        ("director", Role.CHAIR, True),
        ("deputy", Role.VICE_CHAIR, True),
        ("lindqvist", Role.MEMBER, True),
        ("haddad", Role.MEMBER, True),
        ("brennan", Role.MEMBER, True),
        ("cole", Role.MEMBER, True),
        ("tanaka", Role.MEMBER, True),
        ("manager", Role.MEMBER, True),
        ("murray", Role.EX_OFFICIO, True),
        ("rahman", Role.EX_OFFICIO, True),
        ("funder2", Role.OBSERVER, False),
        ("secretary", Role.SECRETARY, False),
    ),
    "RSC": (
        ("deputy", Role.CHAIR, True),
        ("haddad", Role.VICE_CHAIR, True),
        ("lindqvist", Role.MEMBER, True),
        ("tanaka", Role.MEMBER, True),
        ("osei", Role.MEMBER, True),
        ("baker", Role.MEMBER, True),
        ("kowalski", Role.MEMBER, True),
        ("grant", Role.IN_ATTENDANCE, False),
        ("secretary", Role.SECRETARY, False),
    ),
    "NCTSC": (
        ("murray", Role.CHAIR, True),
        ("patel", Role.VICE_CHAIR, True),
        ("fischer", Role.MEMBER, True),
        ("obrien", Role.MEMBER, True),
        ("osei", Role.MEMBER, True),
        ("silva", Role.OBSERVER, False),
        ("secretary", Role.SECRETARY, False),
    ),
    "CTSC": (
        ("rahman", Role.CHAIR, True),
        ("hughes", Role.VICE_CHAIR, True),
        ("novak", Role.MEMBER, True),
        ("adeyemi", Role.MEMBER, True),
        ("walsh", Role.MEMBER, True),
        ("brennan", Role.MEMBER, True),
        ("lee", Role.OBSERVER, False),
        ("secretary", Role.SECRETARY, False),
    ),
}

# Months each body meets in; the EMC meets monthly except in August.
MEETING_MONTHS = {
    "GB": (5, 11),
    "EMC": (1, 2, 3, 4, 5, 6, 7, 9, 10, 11, 12),
    "RSC": (1, 4, 7, 10),
    "NCTSC": (2, 5, 8, 10),
    "CTSC": (3, 6, 9, 12),
}
MEETING_PLACES = {
    "GB": "Board Room, Northbridge House",
    "EMC": "Seminar Room 2, Centre building, and by video",
    "RSC": "Meeting Room 4.12, Centre building",
    "NCTSC": "Meeting Room 4.12, Centre building",
    "CTSC": "Education Centre, Northbridge General Hospital",
}


@dataclass(frozen=True)
class DemoBusiness:
    title: str
    purpose: Purpose
    presenter: str
    minute: str  # "{body}" is the body's own name: "The Committee", "The Board"
    decision: str = ""
    action: str = ""
    # An interest a member might declare in this item; items without one draw none.
    interest: str = ""


BUSINESS: dict[str, tuple[DemoBusiness, ...]] = {
    "GB": (
        DemoBusiness(
            "Director's report",
            Purpose.NOTE,
            "Centre Director",
            "The Director summarised progress against the strategic plan.\n"
            "- Recruitment to the clinical fellowship scheme is ahead of target.\n"
            "- Two programme grants were awarded in the period.",
            action="Circulate the Director's slides to members who sent apologies",
        ),
        DemoBusiness(
            "Financial statements for the year",
            Purpose.APPROVAL,
            "Centre Manager",
            "The Board considered the financial statements. Members noted the "
            "carry-forward of unspent consumables budget agreed with the funder.",
            decision="The financial statements for the year were approved.",
        ),
        DemoBusiness(
            "Preparation for the funder's quinquennial review",
            Purpose.DISCUSSION,
            "Centre Director",
            "The Board discussed the timetable and the evidence the review panel "
            "would expect, including training outcomes and research impact.",
            action="Draft the self-assessment for the quinquennial review",
        ),
        DemoBusiness(
            "Report of the Executive Management Committee",
            Purpose.NOTE,
            "Centre Director",
            "The Board noted the report of the EMC's meetings since its last meeting.",
        ),
        DemoBusiness(
            "Partnership agreement renewal",
            Purpose.DECISION,
            "Pro-Vice-Chancellor",
            "The Board considered the heads of terms for renewing the agreement "
            "between the two partner institutions.",
            decision="The heads of terms were approved for negotiation.",
            action="Return the final partnership agreement for signature",
            interest="Holds an honorary contract with the partner trust",
        ),
    ),
    "EMC": (
        DemoBusiness(
            "Finance report",
            Purpose.NOTE,
            "Finance Business Partner",
            "The Committee noted the finance report. A projected underspend on "
            "consumables was attributed to delayed recruitment.",
            action="Re-profile the consumables budget for the rest of the year",
        ),
        DemoBusiness(
            "Pump-priming awards: shortlisting",
            Purpose.DECISION,
            "Deputy Director",
            "The Committee considered the applications recommended by the Research Subcommittee.",
            decision="Four proposals were shortlisted for interview.",
            action="Invite shortlisted applicants to interview",
            interest="Co-applicant on one of the shortlisted proposals",
        ),
        DemoBusiness(
            "Equipment-sharing agreement",
            Purpose.APPROVAL,
            "Centre Manager",
            "The Committee reviewed the draft agreement for shared use of the "
            "imaging suite with the hospital trust.",
            decision="The equipment-sharing agreement was approved.",
            action="Send the signed equipment-sharing agreement to the trust",
            interest="Holds a joint appointment with the hospital trust",
        ),
        DemoBusiness(
            "Recruitment of a Head of Bioinformatics",
            Purpose.DECISION,
            "Centre Director",
            "The Committee agreed the job description and the interview panel.",
            decision="Recruitment was approved at grade 9.",
            action="Advertise the Head of Bioinformatics post",
            interest="Has supervised one of the likely applicants",
        ),
        DemoBusiness(
            "Public engagement report",
            Purpose.INFORMATION,
            "Centre Manager",
            "The Committee received the report on the open day and the schools programme.",
        ),
        DemoBusiness(
            "Health and safety report",
            Purpose.NOTE,
            "Centre Manager",
            "The Committee noted two minor incidents, both closed.",
            action="Refresh fire-warden training for the fourth floor",
        ),
        DemoBusiness(
            "Data-management policy",
            Purpose.APPROVAL,
            "Head of Bioinformatics",
            "The Committee reviewed the revised policy for the storage and sharing "
            "of genomic data.",
            decision="The revised data-management policy was approved.",
        ),
        DemoBusiness(
            "Space allocation in the new building",
            Purpose.DISCUSSION,
            "Deputy Director",
            "Members discussed the principles for allocating laboratory space.",
            action="Consult group leaders on the draft space-allocation principles",
        ),
        DemoBusiness(
            "Equality, diversity and inclusion action plan",
            Purpose.APPROVAL,
            "Centre Director",
            "The Committee considered the action plan and the staff survey results.",
            decision="The action plan was approved subject to clearer targets.",
            action="Add measurable targets to the EDI action plan",
        ),
    ),
    "RSC": (
        DemoBusiness(
            "Pump-priming round: applications",
            Purpose.DECISION,
            "Deputy Director",
            "The Subcommittee scored eleven applications against the published criteria.",
            decision="Four applications are recommended to the EMC for funding.",
            interest="Co-applicant on one of the applications",
        ),
        DemoBusiness(
            "Internal peer-review process",
            Purpose.DECISION,
            "Research Integrity Officer",
            "The Subcommittee reviewed the revised internal peer-review process.",
            decision="The revised process is recommended to the EMC for adoption.",
            action="Publish guidance on the revised peer-review process",
        ),
        DemoBusiness(
            "Core facility usage report",
            Purpose.NOTE,
            "Core Facilities Manager",
            "The Subcommittee noted rising demand for the sequencing service.",
            action="Propose a charging model for sequencing time",
        ),
        DemoBusiness(
            "Research integrity training",
            Purpose.DISCUSSION,
            "Research Integrity Officer",
            "Completion rates were discussed; two groups are below 80%.",
            action="Remind group leaders of the research-integrity training deadline",
        ),
        DemoBusiness(
            "Biobank access requests",
            Purpose.DECISION,
            "Head of Pathology",
            "The Subcommittee considered three requests for access to biobank samples.",
            decision="Two requests were approved and one deferred for ethics advice.",
            interest="Named investigator on one of the requests",
        ),
    ),
    "NCTSC": (
        DemoBusiness(
            "PhD studentship allocation",
            Purpose.DECISION,
            "PhD Programme Lead",
            "The Subcommittee considered the ranking of studentship projects.",
            decision="The allocation of six studentships is recommended to the EMC.",
            interest="Proposed supervisor of one of the ranked projects",
        ),
        DemoBusiness(
            "Student progression report",
            Purpose.NOTE,
            "Director of Postgraduate Studies",
            "The Subcommittee noted that all first-year students passed their progression review.",
            action="Follow up the two students with deferred progression reviews",
        ),
        DemoBusiness(
            "Postdoctoral development programme",
            Purpose.DISCUSSION,
            "Postdoctoral Development Lead",
            "Members discussed the uptake of the mentoring scheme.",
            action="Survey postdoctoral staff on training needs",
        ),
        DemoBusiness(
            "Annual student symposium",
            Purpose.APPROVAL,
            "Student Representative",
            "The Subcommittee considered the programme for the symposium.",
            decision="The symposium programme and budget were approved.",
        ),
    ),
    "CTSC": (
        DemoBusiness(
            "Clinical fellowship recruitment",
            Purpose.DECISION,
            "Clinical Training Lead",
            "The Subcommittee reviewed the shortlist for the clinical fellowships.",
            decision="Three appointments are recommended to the EMC.",
            action="Confirm interview dates with the shortlisted candidates",
            interest="Clinical supervisor of one of the shortlisted candidates",
        ),
        DemoBusiness(
            "Clinical academic training pathway",
            Purpose.DISCUSSION,
            "Clinical Training Lead",
            "Members discussed protected research time for academic trainees.",
            action="Agree protected research time with the clinical directorates",
        ),
        DemoBusiness(
            "Fellows' progress reviews",
            Purpose.NOTE,
            "Clinical Education Manager",
            "The Subcommittee noted the outcomes of the annual progress reviews.",
        ),
        DemoBusiness(
            "Mentoring scheme for clinical fellows",
            Purpose.APPROVAL,
            "Consultant Medical Oncologist",
            "The Subcommittee considered the proposed mentoring scheme.",
            decision="The mentoring scheme was approved for a one-year pilot.",
            action="Match each clinical fellow with a mentor",
            interest="Would be a paid mentor under the scheme",
        ),
    ),
}

# Confidential business: (title, public title, reason, minute).


@dataclass(frozen=True)
class DemoConfidential(DemoBusiness):
    """Business taken in confidence: the public minutes show only its public title."""

    public_title: str = ""
    reason: str = ""
    bodies: tuple[str, ...] = ()  # the bodies such business comes to


# Each text of a confidential item is its own, so a test can look for it in a public document.
CONFIDENTIAL_BUSINESS = (
    DemoConfidential(
        "Staffing matter: extension of a group leader's contract",
        Purpose.DECISION,
        "Centre Director",
        "{body} considered the case for extending the contract and agreed the terms.",
        decision="The group leader's contract was extended by two years on the terms proposed.",
        action="Confirm the extended contract terms to the group leader in writing",
        public_title="Staffing matter",
        reason="Personal information about a named member of staff",
        bodies=("GB", "EMC", "RSC"),
        interest="Collaborates closely with the group leader concerned",
    ),
    DemoConfidential(
        "Commercial negotiation with Meridian Diagnostics Ltd",
        Purpose.DECISION,
        "Deputy Director",
        "Members discussed the proposed licence terms for the tumour-profiling assay.",
        decision="The Meridian licence terms were agreed, subject to legal review.",
        action="Instruct the technology-transfer office to finalise the Meridian licence",
        public_title="Commercial matter",
        reason="Commercially sensitive negotiation",
        bodies=("GB", "EMC"),
        interest="Holds a consultancy with Meridian Diagnostics Ltd",
    ),
    DemoConfidential(
        "Appeal against a studentship termination",
        Purpose.DECISION,
        "Chair",
        "{body} reviewed the appeal and the supervisors' reports.",
        decision="The appeal was upheld and the studentship reinstated on probation.",
        action="Write to the student and supervisors with the outcome of the appeal",
        public_title="Student matter",
        reason="Personal information about a named student",
        bodies=("EMC", "NCTSC", "CTSC"),
        interest="Was on the panel whose decision is under appeal",
    ),
)

NOTES = (
    "Work under way; a draft is expected before the next meeting.",
    "Delayed by staff absence; a revised date was agreed.",
    "Partly done; the remaining part depends on the trust's reply.",
    "Done; the owner asked for the action to be closed.",
)


@dataclass(frozen=True)
class DemoBetween:
    """A decision a body takes between meetings: by written resolution, or chair's action
    (with its reason for urgency and who the chair consulted)."""

    title: str
    text: str
    reason: str = ""  # set only for chair's action
    consulted: tuple[str, ...] = ()
    interest: str = ""  # a written resolution in which the vice-chair declares an interest

    @property
    def chairs_action(self) -> bool:
        return bool(self.reason)


BETWEEN_MEETINGS: dict[str, tuple[DemoBetween, ...]] = {
    "GB": (
        DemoBetween(
            "Signing of the amended collaboration agreement",
            "The Board authorises the Chair to sign the amended collaboration agreement with "
            "the Trust.",
        ),
    ),
    "EMC": (
        DemoBetween(
            "Emergency replacement of the -80 °C freezer",
            "The purchase of a replacement -80 °C freezer for the tissue bank is approved.",
            reason="The freezer failed and samples were at risk before the next meeting.",
            consulted=("Deputy Director", "Centre Manager"),
        ),
        DemoBetween(
            "Extension of the data-sharing agreement",
            "A six-month extension of the data-sharing agreement with the registry is approved.",
            interest="Co-investigator on the registry study",
        ),
        DemoBetween(
            "Approval of the revised lone-working policy",
            "The revised lone-working policy for laboratory staff is approved.",
        ),
    ),
    "RSC": (
        DemoBetween(
            "Bridging award for a pilot study",
            "A bridging award of £15,000 for the pancreatic organoid pilot is approved within "
            "the Subcommittee's delegated budget.",
            reason="The award had to be confirmed before the funder's deadline.",
            consulted=("Vice-chair",),
        ),
    ),
    "NCTSC": (
        DemoBetween(
            "Extension of a studentship",
            "A three-month funded extension of a PhD studentship on medical grounds is approved.",
        ),
    ),
}

OPEN_RESOLUTION = DemoBetween(
    "Adoption of the open-access publication policy",
    "The Committee adopts the revised open-access publication policy from the next quarter.",
)
