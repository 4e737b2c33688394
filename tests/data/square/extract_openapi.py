"""Extract the Catalog schemas servicekit's tests validate against from Square's OpenAPI spec.

    python tests/data/square/extract_openapi.py path/to/connect-api-specification/api.json \
        COMMIT RELEASE > tests/data/square/openapi-catalog.json

Square publishes its API as one OpenAPI 3.0 document (`api.json` in the
square/connect-api-specification repository, 3 MB). The tests need only the request and
response bodies of BatchUpsertCatalogObjects, BatchDeleteCatalogObjects, ListCatalog and
SearchCatalogObjects, and the schemas they refer to; those are copied unchanged, with where
they come from.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

ROOTS = (
    "BatchUpsertCatalogObjectsRequest",
    "BatchUpsertCatalogObjectsResponse",
    "BatchDeleteCatalogObjectsRequest",
    "BatchDeleteCatalogObjectsResponse",
    "ListCatalogResponse",
    "SearchCatalogObjectsResponse",
)


def main(path: str, commit: str, release: str) -> None:
    raw = Path(path).read_bytes()
    schemas = json.loads(raw)["components"]["schemas"]
    seen: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
                name = ref.rsplit("/", 1)[1]
                if name in schemas and name not in seen:
                    seen.add(name)
                    walk(schemas[name])
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for root in ROOTS:
        seen.add(root)
        walk(schemas[root])
    document = {
        "x-source": {
            "repository": "https://github.com/square/connect-api-specification",
            "path": "api.json",
            "commit": commit,
            "release": release,
            "sha256": hashlib.sha256(raw).hexdigest(),
            "license": "Apache-2.0",
            "extracted": f"the schemas reachable from {', '.join(ROOTS)}, unchanged",
        },
        "components": {"schemas": {name: schemas[name] for name in sorted(seen)}},
    }
    sys.stdout.write(json.dumps(document, indent=1, ensure_ascii=False, sort_keys=True) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
