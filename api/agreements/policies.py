"""Agreements as the format's policy objects."""

from __future__ import annotations

from typing import Any

from models.orm import Agreement


def policy_document(agreement: Agreement) -> dict[str, Any]:
    """An agreement as the format's policy object."""
    return {
        "type": agreement.kind,
        "id": agreement.code,
        "mode": agreement.mode,
        "weight": agreement.weight,
        **agreement.terms,
    }


def policy_countries(policy: dict[str, Any]) -> set[str]:
    """Country codes a policy object names."""
    named = set(policy.get("shares", {})) | set(policy.get("credit", {}))
    named |= set(policy.get("history") or {})
    named |= set(policy.get("countries", []))
    return {code for code in named if isinstance(code, str)}
