"""Content-Security-Policy: only this site's scripts and styles, never inline; no framing."""

import re
from pathlib import Path

import pytest
from django.urls import reverse

TEMPLATES = Path(__file__).resolve().parents[2]


def policy_of(response) -> dict[str, str]:
    header = response.headers["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


@pytest.mark.parametrize("url_name", ["accounts:login", "site:dashboard", "records:graduate_list"])
def test_every_page_forbids_inline_script_and_style(centre_client, url_name):
    policy = policy_of(centre_client.get(reverse(url_name)))
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["default-src"] == "'self'"
    assert policy["img-src"] == "'self' data:"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["form-action"] == "'self'"


def test_the_api_answers_carry_the_policy_too(centre_client):
    response = centre_client.get("/api/v1/graduates/")
    assert "Content-Security-Policy" in response.headers


def test_no_template_has_inline_script_style_or_event_handlers():
    offenders = []
    for template in TEMPLATES.glob("**/templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: inline <script>")
        if re.search(r"<style\b|\sstyle=", text):
            offenders.append(f"{template}: inline style")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template}: event handler attribute")
        if "javascript:" in text:
            offenders.append(f"{template}: javascript: URL")
    assert offenders == []
