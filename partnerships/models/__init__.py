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
from .requests import IntroductionRequest, PartnershipProposal, RequestStatus
from .workspace import (
    ActivityEntry,
    Meeting,
    ModuleStatus,
    Outcome,
    PartnershipModule,
    PlanAction,
    PlanSignature,
    WorkspaceDocument,
)

__all__ = [
    "ActivityEntry",
    "Meeting",
    "ModuleStatus",
    "Outcome",
    "PartnershipModule",
    "PlanAction",
    "PlanSignature",
    "WorkspaceDocument",
    "ROLES_BY_KIND",
    "IntroductionRequest",
    "PartnershipProposal",
    "RequestStatus",
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
