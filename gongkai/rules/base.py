"""Rule registry (检查规则): each rule is a plain function ``report -> iterable of Finding``
registered under a stable code. Codes are a public contract, like the field ids."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Finding, Report

RuleFn = Callable[[Report], Iterable[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    title: str  # Chinese one-line description
    fn: RuleFn


RULES: dict[str, Rule] = {}


def rule(code: str, title: str) -> Callable[[RuleFn], RuleFn]:
    """Register ``fn`` as the rule ``code``. A module may register several codes."""

    def deco(fn: RuleFn) -> RuleFn:
        if code in RULES and RULES[code].fn is not fn:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, title, fn)
        return fn

    return deco
