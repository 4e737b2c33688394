"""Square: the `square` export, and a sync that keeps a Square catalogue equal to the catalogue.

The `square` export (`export.write`) is one `BatchUpsertCatalogObjects` request body (or a JSON
array of them for a menu that needs several requests) that creates the whole menu: for a Square
account that has none of it yet. Keeping Square in step afterwards is the sync's job, as a
plan/apply tool does it: a state beside the catalogue records what Square holds (`state`),
`plan` says what an upload would create, update and delete and writes only those requests,
`record` merges Square's answers into the state, `refresh` and `drift` compare it with a fresh
ListCatalog, and `adopt` matches a Square catalogue that exists already. `servicekit.square`
is their public face.

This package imports nothing itself, so `check` reads Square's limits (`limits`) without
loading the export and the sync.
"""
