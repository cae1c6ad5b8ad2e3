"""Words of a proposal's title and summary, normalised so that similar proposals share terms.

No external service and no database-specific search: a text becomes a small bag of terms
(lowercase, accents folded, stop words dropped, Spanish plurals and common endings cut),
stored in `ProposalTerm` and compared in plain SQL (see selectors/similar.py).
"""

import re
import unicodedata
from collections import Counter

MIN_LENGTH, MAX_LENGTH = 3, 40
TITLE_WEIGHT, SUMMARY_WEIGHT = 3, 1
# A word repeated many times should not drown the others (nor let a text game the score).
MAX_WEIGHT = 10
# Queries are cut to this many distinct terms, so the SQL stays small whatever is typed.
MAX_QUERY_TERMS = 40

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


def weighted_terms(title: str, summary: str = "") -> dict[str, int]:
    """Each term with its weight: title words count more than summary words."""
    weights = Counter()
    for term in terms(title):
        weights[term] += TITLE_WEIGHT
    for term in terms(summary):
        weights[term] += SUMMARY_WEIGHT
    return {term: min(weight, MAX_WEIGHT) for term, weight in weights.items()}


def query_terms(text: str) -> list[str]:
    """The distinct terms of a search text, in order of first appearance, at most MAX_QUERY_TERMS."""
    return list(dict.fromkeys(terms(text)))[:MAX_QUERY_TERMS]


def search_terms(*texts: str) -> set[str]:
    """The distinct terms of several texts: what a word search finds them by."""
    return {term for text in texts for term in terms(text)}
