"""Write a synthetic catalogue: N services with 3 variations each, 50 add-ons and 100 rules.

    python benchmarks/generate.py 10000 > /tmp/catalogue-10k.toml

The shape is a large chain's: several categories and locations, every service offering a few
add-ons, rules of every built-in type with targets and conditions that refer back into it.
"""

from __future__ import annotations

import sys

ADDONS = 50
RULES = 100
CATEGORIES = 20
LOCATIONS = 5
MODALITIES = ("swedish", "therapeutic", "deep-tissue", "trigger-point", "myofascial-release")


def catalogue(services: int) -> str:
    out = [
        "format = 1",
        "",
        "[clinic]",
        'name = "Synthetic Massage Group"',
        'currency = "USD"',
        'locale = "en_US"',
        'timezone = "America/New_York"',
        "",
        "[credentials.lmt]",
        'name = "Licensed Massage Therapist"',
        "",
        "[levels.senior]",
        'name = "Senior therapist"',
    ]
    for index in range(LOCATIONS):
        out += ["", f"[locations.location-{index}]", f'name = "Location {index}"']
    for index in range(CATEGORIES):
        out += [
            "",
            f"[categories.category-{index}]",
            f'name = "Category {index}"',
            f"order = {index}",
        ]
    for index in range(services):
        addons = ", ".join(f'"addon-{(index + k) % ADDONS}"' for k in range(3))
        out += [
            "",
            f"[services.service-{index}]",
            f'name = "Service {index}"',
            f'category = "category-{index % CATEGORIES}"',
            f'modality = "{MODALITIES[index % len(MODALITIES)]}"',
            f'description = "Massage number {index}, with long flowing strokes and focused work."',
            "variations = [",
            f'  {{ duration = 30, price = "{40 + index % 50}.00", buffer = 10 }},',
            f'  {{ duration = 60, price = "{80 + index % 50}.50", buffer = 15 }},',
            f'  {{ duration = 90, price = "{120 + index % 50}.00", online = false }},',
            "]",
            f"addons = [{addons}]",
            'requires = ["lmt"]',
        ]
    for index in range(ADDONS):
        out += [
            "",
            f"[addons.addon-{index}]",
            f'name = "Add-on {index}"',
            f'price = "{5 + index % 20}.00"',
            f"minutes = {index % 3 * 5}",
        ]
    out += ["", "[taxes.sales]", 'name = "Sales tax"', 'rate = "6.25"', 'applies_to = ["addons"]']
    for index in range(RULES):
        out += ["", *_rule(index, services)]
    return "\n".join(out) + "\n"


def _rule(index: int, services: int) -> list[str]:
    service, category = index * 7 % services, index % CATEGORIES
    target = f'applies_to = ["service:service-{service}", "category:category-{category}"]'
    kind = index % 4
    head = ["[[rules]]", f'id = "rule-{index}"', target]
    if kind == 0:
        return [*head, 'type = "percent-off"', "percent = 10", 'when = { tags = ["member"] }']
    if kind == 1:
        return [*head, 'type = "amount-off"', 'amount = "5.00"', 'when = { promo = "SAVE5" }']
    if kind == 2:
        return [
            *head,
            'type = "set-price"',
            'prices = { 60 = "70.00", 90 = "99.00" }',
            f'when = {{ locations = ["location-{index % LOCATIONS}"] }}',
        ]
    return [
        *head,
        'type = "surcharge"',
        "percent = 15",
        'when = { days = ["sat", "sun"], after = "17:00" }',
    ]


if __name__ == "__main__":
    sys.stdout.write(catalogue(int(sys.argv[1]) if len(sys.argv) > 1 else 1000))
