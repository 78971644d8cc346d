"""Every page reads as the municipality's own: its line and name, emblem and colour, contacts first."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def _png() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 48), (200, 30, 30)).save(buffer, format="PNG")
    return SimpleUploadedFile("stema.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def branded(municipality):
    municipality.state_line_sq = "Republika e Kosovës"
    municipality.state_line_en = "Republic of Kosovo"
    municipality.primary_color = "#1d3d5c"
    municipality.phone = "+383 39 123 456"
    municipality.email = "info@example.org"
    municipality.website = "https://komuna.example.org/"
    municipality.office_hours_sq = "e hënë – e premte, 8:00–16:00"
    municipality.emblem = _png()
    municipality.save()
    return municipality


def test_the_header_shows_the_state_line_the_name_and_the_emblem(client, branded):
    html = client.get("/sq/").content.decode()
    header = html[html.index("<header") : html.index("</header>")]
    assert "Republika e Kosovës" in header
    assert branded.name in header
    assert 'class="portal-emblem" src="/municipality-emblem?v=' in header
    assert '<link rel="icon" href="/municipality-emblem?v=' in html


def test_without_an_emblem_the_header_shows_none_and_the_favicon_is_the_portals(client, municipality):
    html = client.get("/en/").content.decode()
    assert "portal-emblem" not in html
    assert 'href="/static/favicon.svg"' in html
    assert client.get("/municipality-emblem").status_code == 404


def test_the_emblem_is_served_as_the_png_it_is(client, branded):
    response = client.get("/municipality-emblem")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


def test_the_colour_reaches_the_pages_through_a_stylesheet_whose_address_follows_it(client, branded):
    html = client.get("/sq/").content.decode()
    assert '<link rel="stylesheet" href="/municipality.css?v=1d3d5c">' in html
    response = client.get("/municipality.css?v=1d3d5c")
    assert response["Content-Type"] == "text/css; charset=utf-8"
    assert response.content.decode() == ":root { --portal-primary: #1d3d5c; }\n"


def test_the_footer_leads_with_the_municipality_and_ends_with_the_software(client, branded):
    html = client.get("/sq/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    order = [
        footer.index(branded.name),
        footer.index('href="tel:+38339123456"'),
        footer.index("mailto:info@example.org"),
        footer.index("e hënë – e premte, 8:00–16:00"),
        footer.index('href="https://komuna.example.org/"'),
        footer.index("Istog Consult"),
    ]
    assert order == sorted(order)
    assert "GNU AGPL 3.0" in footer


def test_an_untranslated_office_hours_line_is_marked_albanian(client, branded):
    html = client.get("/en/").content.decode()
    footer = html[html.index("<footer") : html.index("</footer>")]
    assert '<span lang="sq">e hënë – e premte, 8:00–16:00</span>' in footer
    assert "Republic of Kosovo" in html


def test_the_language_choice_and_the_menu_fold_into_details_without_javascript(client, municipality):
    html = client.get("/sq/").content.decode()
    assert '<details class="portal-menu portal-menu-language">' in html
    assert '<details class="portal-menu portal-menu-nav">' in html
    assert 'hreflang="sr-latn"' in html
    assert "<script" not in html
