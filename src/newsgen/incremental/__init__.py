"""The incremental room: everything that makes a rebuild fast, and nothing else.

A build is the same stages with or without this room (``--no-cache`` turns the
store off; the stages and their output are unchanged). What lives here:

- ``store``: the SQLite file under ``<site>/.newsgen-cache/``, every value sealed
  with a check of its row and read back through ``codec`` (plain data, never pickle);
- ``codec``: msgpack plus an allow-list of newsgen records;
- ``keys``: what names an input (code version, library versions, parse context,
  a content file's key, a file's stat);
- ``memo``: the index's memo read before the index and stored after it, and article
  bodies read for exactly the pages about to render (the core gets plain values);
- ``memo_check``: whether a memo entry read back could be this build's (untrusted);
- ``articles``: the parse-and-extract stage memoised per content file (``Gathered``:
  heads and full articles decoded only when a build asks; ``Loaded``: plain values);
- ``output``: the record of the last build into an output folder (its key, page
  signatures, manifest, spare folder), which says what can be kept;
- ``workers``: the forked worker pool that runs a pure stage on all cores;
- ``heap``: garbage-collector control for records that live until the build ends.

The core (parse, entities, index, views, render) never imports this room; the
orchestrator (``pipeline``) calls the core through it.
"""
