"""The static HTML page of an executed notebook (`presslens.report.build` writes one per notebook).

nbconvert's lab template without the scripts it loads from a CDN, under a Content-Security-Policy that lets no
inline script run; the evidence browser of `presslens.report.tables` is loaded as a file instead of inline.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from nbconvert import HTMLExporter
from nbconvert.exporters.templateexporter import TemplateExporter
from nbconvert.filters.highlight import Highlight2HTML
from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

from presslens.engine import errors_only_logged
from presslens.report import tables

PAGE_TEMPLATE = Path(__file__).resolve().parent / "templates" / "notebook-page.html.j2"


class PageExporter(HTMLExporter):
    """nbconvert's HTML exporter with its last step, a BeautifulSoup pass over the whole page, done by two regular
    expressions on the tags its own template wrote.

    That pass gives every image without one an `alt` text and makes the input and output areas focusable
    (`tabindex="0"`); on the 4 MB page of the stance notebook of an 840-article corpus (evidence tables of
    thousands of rows) it took 11 of the page's 12 seconds. Article text cannot add tags here: every output
    escapes it.
    """

    def from_notebook_node(self, nb: nbformat.NotebookNode, resources: dict | None = None,
                           **kw: object) -> tuple[str, dict]:
        """The page of `nb`, as `HTMLExporter.from_notebook_node` writes it."""
        language = nb.metadata.get("language_info", {})
        lexer = language.get("pygments_lexer", language.get("name", None))
        resources = self._init_resources(resources)
        self.register_filter("highlight_code", self.filters.get("highlight_code",
                                                                Highlight2HTML(pygments_lexer=lexer, parent=self)))
        self.register_filter("filter_data_type",
                             WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                   resources=resources))
        html, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
        html = _IMAGE_WITHOUT_ALT.sub(r'<img alt="No description has been provided for this image" ', html)
        return _FOCUSABLE_AREA.sub(r'\g<0> tabindex="0"', html), resources


#: The tags of the page template that nbconvert's own pass changes (see `PageExporter`).
_IMAGE_WITHOUT_ALT = re.compile(r"<img (?![^>]*\balt=)")
_FOCUSABLE_AREA = re.compile(
    r'<div (?:id="[^"<>]*" )?class="(?:jp-Cell-inputWrapper|[^"<>]*\bjp-OutputArea-output\b[^"<>]*)"')


def render_page(executed: nbformat.NotebookNode, *, title: str, no_input: bool = False) -> str:
    """The static HTML page of an executed notebook.

    nbconvert's lab template without the scripts it loads from a CDN (require.js, MathJax, mermaid,
    widgets), under a Content-Security-Policy that lets no script run: the page works offline, and
    article text that reaches an HTML output can never execute.

    Args:
        executed: the executed notebook.
        title: the page title (the notebook's H1).
        no_input: leave out code cells and prompts, keeping prose and outputs.
    """
    exporter = PageExporter(template_file=str(PAGE_TEMPLATE), exclude_input=no_input,
                            exclude_input_prompt=no_input, exclude_output_prompt=no_input)
    titled = nbformat.from_dict({**executed, "metadata": {**executed.metadata, "title": title}})
    browses = drop_inline_browser_scripts(titled)
    with errors_only_logged("traitlets"):  # nbconvert's "Alternative text is missing" notice is not for a reader
        body, _ = exporter.from_notebook_node(titled, resources={"presslens_browse": browses})
    return body


def drop_inline_browser_scripts(notebook: nbformat.NotebookNode) -> bool:
    """Take the evidence browser's inline script out of `tables.browse` outputs: the page loads it as a file.

    Only the exact script `tables.inline_script()` writes is removed; any other script stays (and is blocked
    by the page's Content-Security-Policy).

    Returns:
        Whether any output held it (the page then loads ``assets/browse.js``).
    """
    script = tables.inline_script()
    found = False
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if isinstance(data.get("text/html"), (str, list)):
                text = "".join(data["text/html"]) if isinstance(data["text/html"], list) else data["text/html"]
                found = found or script in text
                data["text/html"] = text.replace(script, "")
    return found
