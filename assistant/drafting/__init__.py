"""Drafting: planprogram sections and workshop material built from cited passages."""
