"""Every page in every mode, at phone size: screenshot, axe (WCAG 2.2 AA), the 长辈版 measurements,
and reflow at 200% text."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from browser_support import (
    MODES,
    PAGES,
    DemoRefs,
    dump,
    elder_metrics,
    elder_problems,
    elder_summary,
    format_axe,
    layout_metrics,
    note,
    open_page,
    run_axe,
    save_json,
    screenshot,
    with_query,
)


def _url(demo: DemoRefs, mode_name: str, page_name: str) -> str:
    mode = MODES[mode_name]
    path = demo.path(page_name)
    return with_query(path, mode=mode.url_mode) if mode.url_mode else path


@pytest.fixture
def mode_page(mode_contexts: dict[str, Any], console_errors: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    mode_name = request.param
    page = mode_contexts[mode_name].new_page()
    page.tb_errors = console_errors(page)
    try:
        yield page
    finally:
        page.close()


AXE_MODES = ["normal", "large", "elder", "kiosk"]


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_page", AXE_MODES, indirect=True)
def test_axe_wcag22_aa(mode_page: Any, page_name: str, demo: DemoRefs, request: pytest.FixtureRequest) -> None:
    """No axe-core violation of WCAG 2.0/2.1/2.2 A and AA on any page, in any mode."""
    mode_name = request.node.callspec.params["mode_page"]
    open_page(mode_page, _url(demo, mode_name, page_name), MODES[mode_name])
    screenshot(mode_page, f"{mode_name}-{page_name}")
    violations = run_axe(mode_page)
    save_json(f"axe-{mode_name}-{page_name}", violations)
    assert not mode_page.tb_errors, f"uncaught page errors: {mode_page.tb_errors}"
    assert not violations, (
        f"axe found {len(violations)} WCAG 2.2 A/AA violation(s) on {page_name} in {mode_name} mode:\n"
        + format_axe(violations)
    )


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_page", ["elder"], indirect=True)
def test_elder_mode_measurements(mode_page: Any, page_name: str, demo: DemoRefs) -> None:
    """长辈版: text ≥ 18px, targets ≥ 60×60, contrast ≥ 4.5, line height ≥ 1.3, read-aloud, help, no popup."""
    open_page(mode_page, _url(demo, "elder", page_name), MODES["elder"])
    m = elder_metrics(mode_page)
    m["layout"] = layout_metrics(mode_page)
    save_json(f"elder-{page_name}", m)
    note(elder_summary(page_name, m))
    problems = elder_problems(m)
    assert not problems, f"长辈版 bar not met on {page_name} ({m['url']}):\n- " + "\n- ".join(problems)


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("mode_page", ["large"], indirect=True)
def test_large_text_reflows(mode_page: Any, page_name: str, demo: DemoRefs, mode_contexts: dict[str, Any]) -> None:
    """At 200% text, a 360px-wide phone never scrolls sideways, and the body text really is twice as big."""
    open_page(mode_page, _url(demo, "large", page_name), MODES["large"])
    large = layout_metrics(mode_page)

    normal_page = mode_contexts["normal"].new_page()
    try:
        open_page(normal_page, _url(demo, "normal", page_name), MODES["normal"])
        normal = layout_metrics(normal_page)
    finally:
        normal_page.close()
    save_json(f"large-{page_name}", {"large": large, "normal": normal})
    scale = (large["dominantFontPx"] or 0) / (normal["dominantFontPx"] or 1)
    note(
        f"[large text {page_name}] scrollWidth {large['scrollWidth']}, innerWidth {large['innerWidth']} "
        f"(phone {large['deviceWidth']}); body text {normal['dominantFontPx']}px → {large['dominantFontPx']}px "
        f"(×{scale:.2f}); h1 {normal['h1FontPx']}px → {large['h1FontPx']}px"
    )

    # Against the phone's 360px, not innerWidth: mobile Chromium widens the layout viewport to fit
    # overflowing content, and innerWidth grows with it.
    width = large["deviceWidth"]
    assert large["scrollWidth"] <= width + 1 and large["innerWidth"] <= width + 1, (
        f"horizontal scroll at 200% text on {page_name}: scrollWidth {large['scrollWidth']}, innerWidth "
        f"{large['innerWidth']} on a {width}px phone; sticking out: {dump(large['overflowing'])}"
    )
    assert not large["overflowCount"], (
        f"{large['overflowCount']} element(s) stick out of the {width}px phone on {page_name}: "
        + dump(large["overflowing"])
    )
    assert scale >= 1.9, f"body text on {page_name} scaled only ×{scale:.2f} at textScale 2 (want ≈ ×2)"
