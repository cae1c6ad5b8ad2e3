"""Word search that ignores accents and case, the same on SQLite and PostgreSQL.

A text becomes a small set of terms (lowercase, accents folded, stop words dropped, Spanish plurals and common
endings cut), stored in a term table next to the rows it describes (`SearchTermBase`) and kept in sync when they are
saved. A search looks each typed word up as the start of a term: an indexed range of plain SQL, no database-specific
full-text search, so "San Jeronimo" finds "San Jerónimo" and "red biohuertos" finds "Red de biohuertos".
Proposals (the gallery, the organizers' list, similar proposals), labs and innovators all use it.
"""

import re
import unicodedata

from django.db import models
from django.db.models import Q, QuerySet

MIN_LENGTH, MAX_LENGTH = 3, 40
# Queries are cut to this many distinct terms, so the SQL stays small whatever is typed.
MAX_QUERY_TERMS = 40
# A word search looks up at most this many words (each one a subquery).
MAX_SEARCH_WORDS = 6

# Written without accents: words are folded before they are looked up.
_STOP_WORDS_TEXT = """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bajo bien cada casi como con contra
cual cuales cuando de del desde donde dos el ella ellas ello ellos en entre era eran es esa esas ese eso esos
esta estan estas este esto estos fue fueron ha han hacia hasta hay la las le les lo los mas me mediante mi mis
mucho muchos muy nada ni no nos nuestra nuestras nuestro nuestros o otra otras otro otros para pero poco por
porque que quien quienes se segun ser si sin sino sobre solo son su sus tal tambien tan tanto te tiene tienen
toda todas todo todos tras tu tus un una unas uno unos usted ya yo
propuesta propuestas proyecto proyectos
about above after again all also an and any are as at be because been before being between both but by can
could did do does doing down during each few for from further had has have having he her here hers him his
how i if in into is it its itself just more most my no nor not now of off on once only or other our ours out
over own same she should so some such than that the their theirs them then there these they this those
through to too under until up very was we were what when where which while who whom why will with would you
your yours proposal proposals project projects
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_WORD = re.compile(r"[a-z0-9]+")
# Spanish plural endings whose singular keeps a recognisable ending: "organizaciones" → "organizacion".
_PLURALS = (("ciones", "cion"), ("idades", "idad"), ("siones", "sion"))


def fold(text: str) -> str:
    """Lowercase without accents: "Nutrición" → "nutricion"; ñ becomes n, as people often type it."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A light Spanish (and English plural) stemmer: enough for plurals and common endings to meet."""
    if word.endswith(("cion", "idad", "sion")):
        return word
    for plural, singular in _PLURALS:
        if word.endswith(plural):
            return word[: -len(plural)] + singular
    if word.endswith("mente") and len(word) > 9:
        word = word[:-5]  # rápidamente → rapida → rapid, as rápido
    elif word.endswith("ces") and len(word) > 5:
        return word[:-3] + "z"  # raíces → raiz
    elif word.endswith("ies") and len(word) > 5:
        return word[:-3] + "y"  # communities → community
    elif word.endswith("es") and len(word) > 5 and word[-3] in "lrndj":
        return word[:-2]  # mujeres → mujer, nutricionales → nutricional
    elif word.endswith("s") and not word.endswith("ss") and len(word) > 4:
        word = word[:-1]  # huertos → huerto
    if word[-1] in "aoe" and len(word) > 5:
        word = word[:-1]  # huerto, huerta → huert; orgánico, orgánica → organic
    return word


def terms(text: str) -> list[str]:
    """The normalised terms of a text, in order, repeated as often as they occur."""
    found = []
    for word in _WORD.findall(fold(text)):
        if word in STOP_WORDS or word.isdigit():
            continue
        term = stem(word)
        if MIN_LENGTH <= len(term) <= MAX_LENGTH:
            found.append(term)
    return found


def query_terms(text: str) -> list[str]:
    """The distinct terms of a search text, in order of first appearance, at most MAX_QUERY_TERMS."""
    return list(dict.fromkeys(terms(text)))[:MAX_QUERY_TERMS]


def search_terms(*texts: str) -> set[str]:
    """The distinct terms of several texts: what a word search finds them by."""
    return {term for text in texts for term in terms(text)}


class SearchTermBase(models.Model):
    """A term of a row's texts (see `terms`); a concrete table adds the row it belongs to and an index on `term`."""

    term = models.CharField(max_length=MAX_LENGTH)

    class Meta:
        abstract = True

    def __str__(self):
        return self.term


def word_search(terms: QuerySet, text: str, *, owner: str) -> Q:
    """Rows having, for every word of `text`, a term in `terms` that starts with it: `owner` names the term table's
    field pointing to the row. Nothing matches a text of only short or common words."""
    words = query_terms(text)[:MAX_SEARCH_WORDS]
    if not words:
        return Q(pk__in=[])
    condition = Q()
    for word in words:
        # Terms are folded to ASCII lowercase: the words starting with `word` sort between it and its successor.
        following = word[:-1] + chr(ord(word[-1]) + 1)
        condition &= Q(pk__in=terms.filter(term__gte=word, term__lt=following).values(owner))
    return condition


def terms_replace(term_model: type[SearchTermBase], owner: str, texts: dict[int, list[str]]) -> None:
    """Replace the terms of the rows in `texts` (their primary key → their searchable texts) in `term_model`, whose
    field `owner` points to them. Also takes the historical models of a data migration."""
    term_model.objects.filter(**{f"{owner}__in": list(texts)}).delete()
    term_model.objects.bulk_create(
        [term_model(**{f"{owner}_id": pk}, term=term) for pk, parts in texts.items() for term in search_terms(*parts)],
        batch_size=1000,
    )
