"""Content-Security-Policy violations a page reports in the browser (e.g. an inline script or style blocked)."""

RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolations.push(
        `${event.violatedDirective} blocked ${event.blockedURI || "inline"} in ${event.sourceFile}:${event.lineNumber}`
    );
});
"""


def watch(page) -> None:
    """Record violations on every document the page loads from now on (init scripts are not subject to CSP)."""
    page.add_init_script(script=RECORDER)


def violations(page) -> list[str]:
    return page.evaluate("() => window.__cspViolations || []")
