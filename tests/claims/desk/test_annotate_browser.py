"""An editor selects text in an article and creates a claim, in headless Chromium."""

from __future__ import annotations

import pytest

from claims.models import Claim
from sources.services import article_import

pytestmark = pytest.mark.browser

BODY = (
    "Burkina Faso and Mali share a border of more than a thousand kilometers, an area "
    "affected by numerous deadly attacks.\n\nMore than 40% of Burkina’s territory is outside "
    "state control, according to official figures."
)

SELECT = """(quote) => {
  const root = document.querySelector('#article-text .article-body');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.textContent.indexOf(quote);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + quote.length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      root.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return true;
    }
  }
  return false;
}"""


def test_select_text_and_create_a_claim(page_as, editor):
    article = article_import(
        method="text", text=BODY, title="Borders", published_at="2022-09-04", user=editor
    ).article
    page = page_as(editor)
    page.goto(f"/admin/sources/article/{article.pk}/annotate/")
    assert page.locator("#claim-form").is_hidden()

    quote = "More than 40% of Burkina’s territory is outside state control"
    assert page.evaluate(SELECT, quote)

    form = page.locator("#claim-form")
    form.wait_for(state="visible")
    page.locator("#claim-form[data-ready='1']").wait_for(state="attached")
    assert page.locator("#claim-exact").inner_text() == quote
    assert page.input_value("#id_unit") == "percent"
    assert page.input_value("#id_hedge") == "more_than"
    assert float(page.input_value("#id_value_low")) == 40
    assert page.locator("#id_entity_id option:checked").inner_text() == "Burkina Faso"

    page.fill("#id_statement", "More than 40% of Burkina Faso is outside state control.")
    page.fill("#id_claimant", "official figures")
    page.click("#create-claim")
    page.wait_for_selector("ul.messagelist li.success")

    claim = Claim.objects.get(article=article)
    assert article.body[claim.start : claim.end] == claim.exact == quote
    assert claim.statement == "More than 40% of Burkina Faso is outside state control."
    assert (claim.unit, claim.hedge, claim.value_low, claim.value_high) == (
        "percent",
        "more_than",
        40,
        None,
    )
    assert claim.author == editor
    # The claim opens in its workspace; back on the article it is highlighted as a draft.
    assert page.url.endswith(f"/claims/{claim.pk}/")
    page.goto(f"/admin/sources/article/{article.pk}/annotate/")
    mark = page.locator(f'#article-text mark[data-claim="{claim.pk}"]')
    assert mark.inner_text() == quote
    assert "claim-draft" in mark.get_attribute("class")


def test_a_reviewer_cannot_annotate(page_as, reviewer, editor):
    article = article_import(method="text", text=BODY, title="Borders", user=editor).article
    page = page_as(reviewer)
    page.goto(f"/admin/sources/article/{article.pk}/annotate/")
    assert "Only editors may annotate" in page.content()
    assert not Claim.objects.exists()


# Text that the browser and the server count differently: an emoji and a CJK extension B
# character are two UTF-16 units but one code point; combining marks and right-to-left
# text are one unit each but must not shift what follows either.
UNICODE_BODY = (
    "Le président 🇧🇫 a parlé 😀 du nord. 𠀋𠀍 sont des caractères rares. "
    "Les signes x\u0303 et q\u0307 gardent leurs accents combinants (sans forme composée). "
    "قال الوزير إن الحدود مغلقة. "
    "More than 40% of the territory is outside state control, say official figures 📊. "
    "Plus de 30% des écoles sont fermées selon le ministère 🏫."
)


@pytest.mark.parametrize(
    "quote",
    [
        "More than 40% of the territory is outside state control",
        "Plus de 30% des écoles sont fermées",
        "قال الوزير إن الحدود مغلقة",
        "x\u0303 et q\u0307 gardent leurs accents",
        "𠀋𠀍 sont des caractères rares",
    ],
)
def test_a_selection_after_astral_characters_proposes_the_selected_text(page_as, editor, quote):
    article = article_import(
        method="text", text=UNICODE_BODY, title="Unicode", published_at="2022-09-04", user=editor
    ).article
    assert quote in article.body
    page = page_as(editor)
    page.goto(f"/admin/sources/article/{article.pk}/annotate/")
    assert page.evaluate(SELECT, quote)
    page.locator("#claim-form[data-ready='1']").wait_for(state="attached")
    assert page.locator("#claim-exact").inner_text() == quote
    start = article.body.index(quote)  # code points, as the server stores offsets
    assert int(page.input_value("#id_start")) == start
    assert int(page.input_value("#id_end")) == start + len(quote)
