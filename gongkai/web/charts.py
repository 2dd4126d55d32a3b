"""Inline SVG bar charts (柱状图), drawn on the server: no script, no external assets."""
from __future__ import annotations

from markupsafe import Markup, escape


def bar_chart(data: list[tuple[str, int]], *, title: str, width: int = 560, height: int = 220,
              colour: str = "#2f6fb0", links: list[str] | None = None) -> Markup:
    """A vertical bar chart of ``(label, count)`` pairs as an ``<svg>`` element with a text fallback;
    with ``links`` each bar opens the list it counts."""
    n = max(len(data), 1)
    top, bottom, left, right = 24, 46, 34, 8
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max([v for _, v in data] + [1])
    step = plot_w / n
    bar_w = max(step * 0.66, 2)
    role = "group" if links else "img"  # a picture with links inside is a group of links
    parts = [f'<svg class="chart" viewBox="0 0 {width} {height}" role="{role}" aria-label="{escape(title)}" '
             f'xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMidYMid meet">',
             f'<title>{escape(title)}</title>']
    # grid lines at 0, 50 %, 100 %
    for frac in (0, 0.5, 1):
        y = top + plot_h * (1 - frac)
        parts.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 4}" y="{y + 4:.1f}" font-size="11" text-anchor="end" fill="#666">'
                     f'{round(peak * frac)}</text>')
    for i, (label, value) in enumerate(data):
        h = plot_h * value / peak
        x = left + i * step + (step - bar_w) / 2
        y = top + plot_h - h
        bar = (f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{max(h, 0):.1f}" fill="{colour}" rx="2">'
               f'<title>{escape(label)}：{value}</title></rect>')
        if links:  # the whole column is the link target, so short bars are easy to hit
            bar = (f'<a href="{escape(links[i])}" aria-label="{escape(label)}：{value}">'
                   f'<rect x="{left + i * step:.1f}" y="{top}" width="{step:.1f}" height="{plot_h}" fill="transparent"/>'
                   f'{bar}</a>')
        parts.append(bar)
        if value:
            parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle" '
                         f'fill="#333">{value}</text>')
        short = label if len(label) <= 6 else label[:5] + "…"
        parts.append(f'<text x="{x + bar_w / 2:.1f}" y="{height - bottom + 16}" font-size="11" '
                     f'text-anchor="middle" fill="#444">{escape(short)}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
