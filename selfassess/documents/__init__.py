"""The scoping document and the position statement: one document model rendered to
Markdown, HTML and Word, and a guard against overwriting a document someone edited."""
