"""Reading and writing the workspace's data files: YAML and JSON with line numbers,
atomic writes, JSON Schema checks (with a per-workspace cache), the append-only activity
log, and the data shipped inside the package (schemas, frameworks, templates)."""
