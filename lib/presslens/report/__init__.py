"""What the notebooks show and publish: figures and the HTML reports.

- `figures`: the house style and `save` (every chart as a PNG with the CSV of its data);
- `plots`: the charts of notebooks 01-03, and those of 04-05 from `sentiment_plots` and of 06 from `stories_plots`
  (the notebooks' `presslens.plots`);
- `build`: running every notebook on a corpus and writing `reports/` (`presslens report`, `make report`), with the
  page templates in `templates/`.
"""

__all__ = ["build", "figures", "plots", "sentiment_plots", "stories_plots"]
