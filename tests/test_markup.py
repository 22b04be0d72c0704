import re

import markdown
from hypothesis import given, strategies as st

from generator.markup import markdown_inline

EXTENSIONS = ["tables", "attr_list", "md_in_html", "toc"]


def _html(text):
    return markdown.markdown(str(markdown_inline(text)), extensions=EXTENSIONS)


def test_html_and_markdown_syntax_stay_text():
    html = _html('<script>alert(1)</script> [x](javascript:alert(1)) # h {: onclick="x"} | a |')
    assert set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html)) == {"p"}
    assert "&lt;script&gt;" in html and "javascript:alert" in html


@given(st.text(max_size=200))
def test_escaped_text_never_makes_elements_beyond_a_paragraph(text):
    html = _html(text)
    tags = set(re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)", html))
    assert tags <= {"p"}
