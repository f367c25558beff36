"""What the notebooks show and publish: figures (`plots`, PNG + CSV side by side) and the HTML reports (`build`,
run by `presslens report` / `make report`, with its page templates in `templates/`)."""
