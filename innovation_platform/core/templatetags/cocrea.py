from django import template
from django.conf import settings
from django.utils import translation
from django.utils.html import format_html
from django.utils.http import urlencode

from innovation_platform.core import permissions
from innovation_platform.core.markdown import render_markdown
from innovation_platform.core.page_cache import shared_part
from innovation_platform.core.placeholders import placeholder_svg

register = template.Library()


@register.filter
def markdown(text: str):
    return render_markdown(text)


@register.simple_tag
def content_lang_code(language: str = "") -> str:
    """The language of what people wrote (settings.LANGUAGE_CODE unless `language` says otherwise), or "" when the
    interface already speaks it; for scripts that add content to the page (data-content-lang)."""
    language = language or settings.LANGUAGE_CODE
    interface = translation.get_language() or settings.LANGUAGE_CODE
    return "" if interface.split("-")[0] == language.split("-")[0] else language


@register.simple_tag
def content_lang(language: str = ""):
    """` lang="es"` on an element holding what people wrote, when the interface speaks another language.

    Content carries no language of its own: it is written in the platform's (settings.LANGUAGE_CODE) unless
    `language` says otherwise. Nothing when the page already speaks it, so the attribute is never redundant.
    """
    code = content_lang_code(language)
    return format_html(' lang="{}"', code) if code else ""


@register.simple_tag(takes_context=True)
def query_with(context, *pairs, **changes) -> str:
    """The current query string with some parameters replaced (pagination, facets).

    Parameters come as keywords, or as name/value pairs when the name is a variable.
    """
    changes.update(zip(pairs[::2], pairs[1::2], strict=False))
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    if "page" not in changes:
        params.pop("page", None)
    return "?" + urlencode(sorted(params.lists()), doseq=True) if params else "?"


@register.simple_tag
def placeholder(title: str, category: str = "", kind: str = "cover"):
    """A designed picture where nobody uploaded one: `{% placeholder challenge.title challenge.theme %}` for a
    card's cover, `kind="logo"` for a lab's square logo."""
    if kind == "logo":
        return placeholder_svg(title, category, css_class="card-logo", width=160, height=160)
    return placeholder_svg(title, category)


@register.simple_tag(takes_context=True)
def can(context, action: str, obj=None) -> bool:
    """Ask the central rules from a template, so a page never offers a link that answers 403:
    `{% can "proposals.change_proposal" proposal as may_edit %}`."""
    return permissions.can(context["request"].user, action, obj)


@register.tag
def shared(parser, token):
    """`{% shared "name" value ... %}…{% endshared %}`: a part of a public page that is the same for every visitor
    given the page's address, language and versions and the values named (core.page_cache.shared_part); it must hold
    nothing of the visitor's own."""
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% shared %} needs a name")
    nodelist = parser.parse(("endshared",))
    parser.delete_first_token()
    return SharedNode(nodelist, [parser.compile_filter(bit) for bit in bits[1:]])


class SharedNode(template.Node):
    def __init__(self, nodelist, names):
        self.nodelist = nodelist
        self.names = names

    def render(self, context):
        name, *vary = (value.resolve(context) for value in self.names)
        request = context.get("request")
        if request is None:
            return self.nodelist.render(context)
        return shared_part(request, name, tuple(vary), lambda: self.nodelist.render(context))
