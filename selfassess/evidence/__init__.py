"""The evidence log: items and their documents, import from a council's CSV or Excel log,
text extraction, and the handling rules that decide what may leave the workspace."""
