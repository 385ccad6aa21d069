from .matching_rounds import (
    MatchingRound,
    MatchStatus,
    ProposedMatch,
    RoundApplicant,
    RoundAuditEntry,
    RoundHost,
    RoundKind,
)
from .partnerships import PartnershipMember, PartnershipPage, PartnershipPageForm
from .programmes import (
    ROLES_BY_KIND,
    PartnershipIndexPage,
    PartnershipKind,
    ProgrammeModule,
    ProgrammePage,
    Role,
)

__all__ = [
    "ROLES_BY_KIND",
    "MatchStatus",
    "MatchingRound",
    "PartnershipIndexPage",
    "PartnershipKind",
    "PartnershipMember",
    "PartnershipPage",
    "PartnershipPageForm",
    "ProgrammeModule",
    "ProgrammePage",
    "ProposedMatch",
    "Role",
    "RoundApplicant",
    "RoundAuditEntry",
    "RoundHost",
    "RoundKind",
]
