"""What the guide linter reports about a question: its code, why, a rewrite and where in the text."""

from dataclasses import dataclass


@dataclass(frozen=True)
class LintIssue:
    code: str
    message: str
    suggestion: str
    start: int  # character span in the question, end exclusive
    end: int
