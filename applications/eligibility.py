"""A call's eligibility rules: each kind defined once, checked against an application.

A rule is a row of data on the call (`applications.models.EligibilityRule`): its kind
and the value it needs (the countries, the latest target year, the group). The kind's
definition here says what the rule means in words (`describe`) and why an application
fails it (`failure`, or None when it passes). The apply form, the admin's list of
applications, the matching round from a call and `match_cities --from-applications`
all call `failures()`, so an application is judged the same way everywhere.
"""

from dataclasses import dataclass

from django.db import models
from django_countries import countries

from core.text import fold


class RuleKind(models.TextChoices):
    COUNTRIES = "countries", "Based in one of these countries"
    TARGET_YEAR = "target-year", "Climate-neutrality target year no later than"
    NOT_IN_GROUP = "not-in-group", "Not a member of a named group"


@dataclass(frozen=True)
class Failure:
    """A rule an application fails: the rule in words, and why it fails."""

    rule: str  # what the rule asks, as `describe` says it
    reason: str  # why this application fails it

    def __str__(self):
        return self.reason


def _country_name(code):
    return countries.name(code) or code


def _describe_countries(rule):
    codes = [country.code for country in rule.countries]
    if len(codes) <= 5:
        return "Based in " + ", ".join(sorted(_country_name(code) for code in codes))
    return f"Based in one of the {len(codes)} countries the call names"


def _fail_countries(rule, data):
    code = (data.get("country") or "").upper()
    if code in {country.code for country in rule.countries}:
        return None
    return f"{_country_name(code)} is not one of the countries this call is open to."


def _describe_target_year(rule):
    return f"Aiming for climate neutrality by {rule.year} or earlier"


def _fail_target_year(rule, data):
    year = data.get("target_year")
    if year in (None, ""):
        return (
            f"The call is open to cities aiming for climate neutrality by {rule.year} or "
            "earlier, and the application gives no target year."
        )
    if int(year) > rule.year:
        return (
            f"The call is open to cities aiming for climate neutrality by {rule.year} or "
            f"earlier; the application's target year is {year}."
        )
    return None


def _describe_group(rule):
    return f"Not one of the {rule.group.name}" if rule.group_id else "Not in a named group"


def _fail_group(rule, data):
    if rule.group_id is None or not rule.group.includes(data.get("city"), data.get("country")):
        return None
    return f"{data.get('city')} is one of the {rule.group.name}, who cannot apply to this call."


DEFINITIONS = {
    RuleKind.COUNTRIES: (_describe_countries, _fail_countries),
    RuleKind.TARGET_YEAR: (_describe_target_year, _fail_target_year),
    RuleKind.NOT_IN_GROUP: (_describe_group, _fail_group),
}


def describe(rule):
    return DEFINITIONS[rule.kind][0](rule)


def failure(rule, data):
    """Why the application `data` (its form_data) fails `rule`, or None."""
    reason = DEFINITIONS[rule.kind][1](rule, data)
    return None if reason is None else Failure(rule=describe(rule), reason=reason)


def failures(rules, data):
    """Every rule of `rules` the application fails, in the call's order."""
    return [found for found in (failure(rule, data) for rule in rules) if found is not None]


def group_key(name, country=""):
    """How a group member and an applicant's city are compared: folded name and country."""
    return (fold(name or "").strip(), (country or "").upper())
