from innovation_platform.core.markdown import render_markdown


def test_markdown_is_rendered():
    assert render_markdown("**Seguridad** alimentaria\n\n- agua") == (
        "<p><strong>Seguridad</strong> alimentaria</p>\n<ul>\n<li>agua</li>\n</ul>"
    )


def test_script_tags_and_event_handlers_are_removed():
    html = render_markdown('<script>alert(1)</script><img src=x onerror="alert(2)"> hola')

    assert "<script" not in html
    assert "onerror" not in html
    assert "hola" in html


def test_javascript_links_lose_their_href_and_links_get_safe_rel():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.org)")

    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="nofollow noopener noreferrer">b</a>' in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
