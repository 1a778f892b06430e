"""One council's assessment: the workspace folder and its lock, answers, the interview's
steps, the readiness check, validation of every file, and the activity log."""
