from .base import HubPage
from .business_cases import (
    BusinessCaseIndexPage,
    BusinessCasePage,
    CaseStatus,
    Currency,
    EndUse,
)
from .cities import CityIndexPage, CityProfilePage, Maturity, language_codes, language_name
from .listing import CityChildPage, FilteredIndexPage
from .permitting import PermittingGuideIndexPage, PermittingGuidePage
from .topics import CityNeed, CityOffer, Domain, PageTopic, Topic
from .webinars import WebinarIndexPage, WebinarPage

__all__ = [
    "BusinessCaseIndexPage",
    "BusinessCasePage",
    "CaseStatus",
    "CityChildPage",
    "CityIndexPage",
    "CityNeed",
    "CityOffer",
    "CityProfilePage",
    "Currency",
    "Domain",
    "EndUse",
    "FilteredIndexPage",
    "HubPage",
    "Maturity",
    "language_codes",
    "language_name",
    "PageTopic",
    "PermittingGuideIndexPage",
    "PermittingGuidePage",
    "Topic",
    "WebinarIndexPage",
    "WebinarPage",
]
