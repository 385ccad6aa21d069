"""Loads the topic vocabulary (hub/data/taxonomy.yaml) into Domain and Topic rows."""

from pathlib import Path

import yaml

TAXONOMY_FILE = Path(__file__).resolve().parent / "data" / "taxonomy.yaml"


def read_taxonomy(path=TAXONOMY_FILE):
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def load_taxonomy(domain_model, topic_model, path=TAXONOMY_FILE):
    """Create or update every domain and topic by slug. Returns the number created.

    Takes the models as arguments so a data migration can pass its historical models.
    Editors' own topics are left alone; renamed names and synonyms are refreshed.
    """
    data = read_taxonomy(path)
    created = 0
    domains = {}
    for order, item in enumerate(data["domains"]):
        domain, was_created = domain_model.objects.update_or_create(
            slug=item["slug"], defaults={"name": item["name"], "sort_order": order}
        )
        domains[domain.slug] = domain
        created += was_created
    for order, item in enumerate(data["topics"]):
        _, was_created = topic_model.objects.update_or_create(
            slug=item["slug"],
            defaults={
                "name": item["name"],
                "domain": domains[item["domain"]],
                "synonyms": list(item.get("synonyms", [])),
                "sort_order": order,
            },
        )
        created += was_created
    return created
