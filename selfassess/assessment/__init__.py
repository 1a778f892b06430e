"""One council's assessment: the workspace folder and its lock, answers, the interview's
plan and sittings, the readiness check, and validation of every file."""
