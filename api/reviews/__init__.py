"""Reviewers' scores of proposals."""
