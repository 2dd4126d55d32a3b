"""Checks of a report (报告检查). ``check(report)`` runs every registered rule.

Each rule module registers its codes with :func:`gongkai.rules.base.rule`; importing this
package imports them all.
"""
from __future__ import annotations

import importlib
import pkgutil

from ..model import Finding, Report
from .base import RULES, Rule, rule

_SEVERITY_ORDER = {"error": 0, "warning": 1, "notice": 2}
_loaded = False


def _load_rules() -> None:
    global _loaded
    if _loaded:
        return
    for mod in pkgutil.iter_modules(__path__):
        if mod.name != "base" and not mod.name.startswith("_"):
            importlib.import_module(f"{__name__}.{mod.name}")
    _loaded = True


def check(report: Report, codes: set[str] | None = None) -> list[Finding]:
    """All findings for ``report`` (reading notes first, then each rule's), errors first."""
    _load_rules()
    findings: list[Finding] = list(report.notes)
    for code, r in RULES.items():
        if codes is not None and code not in codes:
            continue
        findings.extend(r.fn(report))
    findings.sort(key=lambda f: _SEVERITY_ORDER.get(f.severity, 9))
    return findings


def check_pair(prev: Report, cur: Report) -> list[Finding]:
    """Cross-year findings (跨年度核对) for two reports of one body, ``prev`` the year before ``cur``."""
    from .crossyear import check_pair as _check_pair

    return _check_pair(prev, cur)


def rule_catalogue() -> list[Rule]:
    _load_rules()
    return list(RULES.values())


__all__ = ["check", "check_pair", "rule", "Rule", "RULES", "rule_catalogue"]
