"""The fixed word lists: each defined once, here, for the library, the CLI and the templates.

The words are stored in users' files, so they never change; a label is what a person reads.
The JSON Schemas in ``schemas/`` carry the same lists as enums (``tests/test_vocabulary.py``
keeps the two equal). The CLI imports this module at start-up: standard library only.
"""

from __future__ import annotations

from typing import NamedTuple


# --- the peer team ----------------------------------------------------------------------------
class Role(NamedTuple):
    id: str  # in a requests file ('by'), `request add --by` and the pack page's form
    team_key: str  # its field in workspace.yaml's 'team' (officer_peers holds a list of names)
    label: str


ROLES = (
    Role("lead-member-peer", "lead_member_peer", "Lead member peer"),
    Role("lead-officer-peer", "lead_officer_peer", "Lead officer peer"),
    Role("officer-peer", "officer_peers", "Officer peer"),
    Role("shadow-peer", "shadow_peer", "Shadow peer"),
    Role("peer-challenge-manager", "peer_challenge_manager", "Peer challenge manager"),
)
ROLE_LABELS = {role.id: role.label for role in ROLES}
TEAM_ROLES = {role.team_key: role.label for role in ROLES}  # workspace.yaml's team fields

# --- additional information requests ------------------------------------------------------------
REQUEST_TYPES = {
    "document": "Document",
    "data": "Data",
    "meeting": "Meeting",
    "site-visit": "Site visit",
}
OPEN = "open"
REOPENED = "re-opened"  # asked again after the council declined it
FULFILLED = "fulfilled"
PARTLY_FULFILLED = "partly-fulfilled"
TO_FOLLOW = "to-follow"  # the council will send it by a date it gives
ON_SITE = "on-site"  # it will be in the team room during the visit (from a date it gives)
DECLINED = "declined"
WITHDRAWN = "withdrawn"
REQUEST_STATUSES = {
    OPEN: "Open",
    REOPENED: "Re-opened",
    FULFILLED: "Fulfilled",
    PARTLY_FULFILLED: "Partly fulfilled",
    TO_FOLLOW: "To follow",
    ON_SITE: "On site",
    DECLINED: "Declined",
    WITHDRAWN: "Withdrawn",
}
AWAITING = (OPEN, REOPENED)  # waiting for the council's answer: overdue after the due date
ANSWERED = (FULFILLED, PARTLY_FULFILLED)  # the answers that bring evidence into a pack
FOR_NOW = (TO_FOLLOW, ON_SITE)  # answered for now, not closed (to follow: overdue after its date)
RESPONDED = (*ANSWERED, *FOR_NOW, DECLINED)  # every answer the council can give
TEAM_FILE_STATUSES = (OPEN, WITHDRAWN)  # all a team's requests file can say

# --- where an evidence item stands in a pack -------------------------------------------------
INCLUDED = "included"
ON_REQUEST = "on-request"
TEAM_ROOM = "team-room"
PACK_STATES = {
    INCLUDED: "In this pack",
    ON_REQUEST: "Can be requested",
    TEAM_ROOM: "Available in the team room",
}

# --- evidence items ---------------------------------------------------------------------------
OFFICIAL = "OFFICIAL"
OFFICIAL_SENSITIVE = "OFFICIAL-SENSITIVE"
CLASSIFICATIONS = (OFFICIAL, OFFICIAL_SENSITIVE)  # least strict first
HANDLING_MARKS = {  # the handling markings besides the classification, as a label names them
    "personal_data": "personal data",
    "exempt": "exempt (Part 2)",
    "published": "published",
}
EVIDENCE_KINDS = {
    "inspection-report": "Inspection report",
    "plan-or-strategy": "Plan or strategy",
    "budget-and-finance": "Budget and finance",
    "audit-report": "Audit report (internal, or the external auditor's annual report)",
    "needs-assessment": "Needs assessment",
    "committee-report": "Committee report",
    "performance-data": "Performance data",
    "benchmarking": "Benchmarking (LG Inform and similar)",
    "survey-or-consultation": "Survey or consultation",
    "staff-and-user-feedback": "Staff and user feedback",
    "previous-peer-challenge": "Previous peer challenge report or progress update",
    "other": "Other",
}
# Kinds of evidence that are not stale for being old: the last peer challenge is history the
# team reads on purpose (a plan or strategy counts while it is still in force).
STANDING_KINDS = ("previous-peer-challenge",)
DRAFT = "draft"
APPROVED = "approved"
EVIDENCE_STATUSES = (DRAFT, APPROVED)

# --- frameworks and documents -------------------------------------------------------------------
QUESTION_TYPES = ("text", "long_text", "choice", "multi_choice", "number", "date", "yes_no")
DOCUMENT_FORMATS = ("md", "html", "docx")
# What is true of self-ratings, said the same way wherever a user reads about them: they are
# the council's own, kept out of documents, but held by the council and so within reach of
# the Freedom of Information Act (never "private").
RATINGS_HANDLING = (
    "kept out of documents unless the council asks; held by the council, so not exempt from "
    "the Freedom of Information Act"
)

# --- the readiness check's reading of the council's own words ----------------------------------
# Words that name who owns a planned action in an area for development: a role or a body
# (matched as whole words, any case; "head of" matches "Head of Housing"). A bare "cabinet" or
# "council" is where a decision is taken, not who does the work, so it is not here.
ACTION_OWNERS = (
    "director",
    "assistant director",
    "head of",
    "chief executive",
    "leader of the council",
    "the leader",
    "deputy leader",
    "cabinet member",
    "portfolio holder",
    "lead member",
    "section 151",
    "s151",
    "chief finance officer",
    "monitoring officer",
    "leadership team",
    "management team",
    "clt",
    "slt",
    "programme board",
    "programme manager",
    "programme lead",
    "project board",
    "working group",
    "task group",
    "task and finish group",
    "board",
    "committee",
    "panel",
    "manager",
    "team",
    "led by",
    "owned by",
    "owner",
    "lead officer",
    "responsible officer",
)
# Of those, the ones that name no one themselves but introduce who ("Owner: Priya Shah",
# "led by the Director"): they count only with a name after them, not a placeholder.
ACTION_OWNER_LABELS = ("led by", "owned by", "owner")
OWNER_PLACEHOLDERS = ("tbc", "tbd", "tba", "to be confirmed", "to be agreed", "none", "n/a")
# Superlatives a peer team will ask "what shows that?" about (whole words or phrases, any
# case; a space also matches a hyphen, so "world class" finds "world-class").
SUPERLATIVES = (
    "excellent",
    "outstanding",
    "exemplary",
    "exceptional",
    "sector leading",
    "sector leader",
    "best in class",
    "world class",
    "first class",
    "second to none",
    "award winning",
    "unrivalled",
    "unparalleled",
    "gold standard",
    "beacon",
    "best in the country",
    "the best council",
    "leading the way",
    "punches above its weight",
    "punch above our weight",
    "punches above our weight",
    "punching above its weight",
    "punching above our weight",
)
