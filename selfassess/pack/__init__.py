"""The pull-style evidence pack: building it, reading and verifying it, and searching it.
The peer team's commands import only the light parts (reader, search)."""
