"""License evidence in pages: every place a page states a license, and whether it covers the text or an image."""

import pytest

pytest.importorskip("resiliparse")

from clearance.curate.sources.html import parse_html
from clearance.curate.sources.web_license import spdx_of
from clearance.licenses.detect import Finding

BODY = "<article><h1>Notes</h1><p>" + "The river ran north past the old mills. " * 8 + "</p></article>"


def found(html: str) -> set[tuple[str, str, str]]:
    return {(f.spdx, f.kind, f.covers) for f in parse_html(html).findings}


def page(head: str = "", body: str = "") -> str:
    return f"<html><head><title>t</title>{head}</head><body>{BODY}{body}</body></html>"


@pytest.mark.parametrize(("name", "content", "spdx"), [
    ("license", "https://creativecommons.org/licenses/by-sa/4.0/", "CC-BY-SA-4.0"),
    ("DC.rights", "http://creativecommons.org/licenses/by/3.0/", "CC-BY-3.0"),
    ("dcterms.license", "https://creativecommons.org/publicdomain/zero/1.0/", "CC0-1.0"),
    ("license", "MIT", "MIT"),
    ("dc.rights", "Licensed under CC BY-NC 4.0", "CC-BY-NC-4.0"),
])
def test_meta_tags(name, content, spdx):
    assert found(page(f'<meta name="{name}" content="{content}">')) == {(spdx, "meta-tag", "text")}


def test_meta_finding_names_the_tag_and_keeps_the_value():
    (finding,) = parse_html(page('<meta name="dcterms.license" content="MIT">')).findings
    assert finding == Finding("MIT", "meta-tag", '<meta name="dcterms.license">', "MIT", 0.9, "text")


def test_link_rel_license_in_head():
    html = page('<link rel="license noopener" href="https://creativecommons.org/licenses/by/4.0/">')
    assert found(html) == {("CC-BY-4.0", "link-rel", "text")}


def test_cc_badge_link_licenses_the_page_not_an_image():
    badge = ('<footer><a rel="license" href="http://creativecommons.org/licenses/by-nc-sa/4.0/">'
             '<img alt="Creative Commons License" src="https://i.creativecommons.org/l/by-nc-sa/4.0/88x31.png"></a>'
             "<br>This work is licensed under a Creative Commons Attribution-NonCommercial-ShareAlike 4.0 "
             "International License.</footer>")
    assert found(page(body=badge)) == {("CC-BY-NC-SA-4.0", "link-rel", "text"), ("CC-BY-NC-SA-4.0", "footer", "text")}


def test_license_in_a_figure_covers_the_image_only():
    figure = ('<figure><img src="mill.jpg" alt="mill"><figcaption>Photo: J. Smith, '
              '<a rel="license" href="https://creativecommons.org/licenses/by/2.0/">CC BY 2.0</a></figcaption></figure>')
    result = found(page(body=figure))
    assert ("CC-BY-2.0", "link-rel", "image") in result
    assert all(covers == "image" for _, _, covers in result), result


def test_caption_text_mention_is_the_images():
    html = page(body='<div class="wp-caption"><img src="a.png"><p class="wp-caption-text">Image CC BY-SA 3.0 '
                     "by Ann</p></div>")
    assert found(html) == {("CC-BY-SA-3.0", "body-text", "image")}


def test_photo_credit_link_beside_an_image():
    html = page(body='<div><img src="https://cdn.example.org/p/123.jpg"> Photo by Ann, '
                     '<a rel="license" href="https://creativecommons.org/licenses/by-nd/4.0/">license</a></div>')
    assert found(html) == {("CC-BY-ND-4.0", "link-rel", "image")}


def test_rdfa_about_an_image_file():
    html = page(body='<div about="https://example.org/photos/mill.png"><span>Mill</span> '
                     '<a rel="cc:license" href="https://creativecommons.org/licenses/by/4.0/">CC BY</a></div>')
    assert found(html) == {("CC-BY-4.0", "link-rel", "image")}


def test_a_large_photo_classed_wrapper_is_not_an_image_credit():
    wrapper = ('<div class="photo-blog-layout"><p>' + "Long article text about many things. " * 60 +
               '</p><p>Text licensed <a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0'
               "</a></p></div>")
    assert ("CC-BY-4.0", "link-rel", "text") in found(page(body=wrapper))


def test_json_ld_forms_and_image_objects():
    json_ld = """<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
      {"@type": "Article", "license": {"@id": "https://creativecommons.org/licenses/by-sa/4.0/"},
       "image": {"url": "https://example.org/a.jpg", "license": "https://creativecommons.org/licenses/by-nc/2.0/"}},
      {"@type": "Dataset", "license": ["https://opensource.org/licenses/MIT", {"name": "Apache-2.0"}]},
      {"@type": "ImageObject", "contentUrl": "b.png", "license": "https://creativecommons.org/publicdomain/zero/1.0/"}
    ]}</script>"""
    assert found(page(json_ld)) == {
        ("CC-BY-SA-4.0", "json-ld", "text"), ("CC-BY-NC-2.0", "json-ld", "image"),
        ("MIT", "json-ld", "text"), ("Apache-2.0", "json-ld", "text"), ("CC0-1.0", "json-ld", "image"),
    }


def test_json_ld_where_names_the_owner():
    html = page('<script type="application/ld+json">{"@type": "BlogPosting", "license": "CC-BY-4.0"}</script>')
    (finding,) = parse_html(html).findings
    assert finding.where == "JSON-LD BlogPosting.license" and finding.spdx == "CC-BY-4.0"


def test_invalid_json_ld_is_noted_not_raised():
    parsed = parse_html(page('<script type="application/ld+json">{"license": oops}</script>'))
    assert parsed.findings == []
    assert any(note.startswith("JSON-LD block 1 is not valid JSON") for note in parsed.notes)


def test_footer_text_mention():
    html = page(body="<footer><p>Text is available under the Creative Commons Attribution-ShareAlike License 4.0; "
                     "additional terms may apply.</p></footer>")
    assert found(html) == {("CC-BY-SA-4.0", "footer", "text")}


def test_license_line_at_the_end_of_a_page_without_footer_element():
    html = page(body="<div><p>Except where otherwise noted, content on this site is licensed under the "
                     "MIT License.</p></div>")
    assert ("MIT", "footer", "text") in found(html)


def test_body_text_statement():
    html = (f"<html><body><article><h1>Guide</h1><p>{'Plain words about rivers and mills. ' * 10}</p>"
            "<p>This guide is licensed under CC BY 4.0.</p></article></body></html>")
    assert ("CC-BY-4.0", "body-text", "text") in found(html)


def test_plain_link_to_a_deed_is_weak_evidence():
    html = page(body='<p>Read about <a href="https://creativecommons.org/licenses/by/4.0/">this deed</a>.</p>')
    (finding,) = [f for f in parse_html(html).findings if f.kind == "url"]
    assert finding.spdx == "CC-BY-4.0" and finding.confidence < 0.9


def test_unrecognized_rel_license_target_is_noted():
    parsed = parse_html(page('<link rel="license" href="/terms-of-use">'))
    assert parsed.findings == []
    assert any("unrecognized license: /terms-of-use" in note for note in parsed.notes)


def test_page_without_license_words_has_no_findings():
    assert parse_html(page(body="<footer>Contact us · Imprint</footer>")).findings == []


def test_findings_survive_json():
    html = page('<link rel="license" href="https://creativecommons.org/licenses/by/4.0/">')
    for finding in parse_html(html).findings:
        assert Finding.from_json(finding.to_json()) == finding


@pytest.mark.parametrize(("value", "spdx"), [
    ("https://creativecommons.org/licenses/by/4.0/deed.de", "CC-BY-4.0"),
    ("//creativecommons.org/licenses/by-sa/2.5/", "CC-BY-SA-2.5"),
    ("Apache 2.0", "Apache-2.0"),
    ("Creative Commons Attribution 4.0 International", "CC-BY-4.0"),
    ("https://example.org/terms", None),
    ("", None),
    ("see our terms page", None),
])
def test_spdx_of(value, spdx):
    assert spdx_of(value) == spdx


def test_relative_license_link_resolved_against_the_page_url():
    html = page('<link rel="license" href="/licenses/by-sa/4.0/">')
    assert parse_html(html).findings == []
    (finding,) = parse_html(html, url="https://creativecommons.org/about/").findings
    assert (finding.spdx, finding.kind) == ("CC-BY-SA-4.0", "link-rel")


def test_footer_license_link_beside_the_site_logo_licenses_the_text():
    html = page(body='<footer><p><img src="/static/logo.png"> © Example. '
                     '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a></p></footer>')
    assert ("CC-BY-4.0", "link-rel", "text") in found(html)
    assert all(covers == "text" for _, _, covers in found(html))


def test_page_statement_counts_even_when_a_caption_names_the_same_license():
    html = ("<html><body><article><h1>Essay</h1><p>" + "Plain words about rivers and mills. " * 10 + "</p>"
            '<figure><img src="m.jpg"><figcaption>Photo CC BY 4.0 by Ann, '
            '<a rel="license" href="https://creativecommons.org/licenses/by/4.0/">deed</a></figcaption></figure>'
            "<p>This essay is licensed under CC BY 4.0 as well.</p></article></body></html>")
    result = found(html)
    assert ("CC-BY-4.0", "link-rel", "image") in result and ("CC-BY-4.0", "body-text", "image") in result
    assert ("CC-BY-4.0", "body-text", "text") in result
