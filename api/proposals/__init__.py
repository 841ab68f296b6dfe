"""Proposals of research groups, with their requests; precedences between requests."""
