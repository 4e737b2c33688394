"""Screening a client's intake against a booking: decision support for licensed therapists, not
medical advice, and it fails closed.

- `vocabulary` holds the words an intake may use (servicekit's and plugins'), `intake` reads
  intakes and `locating` finds a key's line in an intake file;
- `compiled` merges and compiles the rules once per catalogue, and groups its services for
  screening; `engine` screens (`screen`), `guard` runs plugins' checks so that nothing they do
  passes for "all clear", and `wording` holds what screening says in words.

The rule pack itself is data (`contraindications.toml`, cited in `sources.toml`), contributed
by the built-in plugin `builtin-screening`; `bundled` holds the data files as Python generated
from them (`python -m servicekit.screening.generate`), which start-up imports instead of
parsing the TOML.
"""
