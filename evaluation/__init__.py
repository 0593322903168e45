"""Evaluation suite: reference questions → retrieval, answer and honesty metrics.

``planassist eval --questions evaluation/questions/dev.yaml --baseline naive --baseline bm25``
runs planassist and the baselines on the same questions and writes report.json / report.md.
"""

from assistant.errors import PlanassistError


class EvaluationError(PlanassistError):
    """A question file, threshold file or evaluation option is wrong; the message says how."""

    status_code = 422
