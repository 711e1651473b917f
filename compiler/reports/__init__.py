"""Reports: the results of the analysis and of explanations, rendered for people.

Takes typed results (a `compiler.analysis.diff_result.Diff`, a list of them for `lawc report`, a
`SinceDiffs`; an explanation's `to_dict()`) and gives text, Markdown and HTML, rendered from the
Jinja2 templates in `templates/` (`explain/` for `lawc explain`, `diff/` for `lawc diff` and
`lawc report`), and JSON through `diff_result.to_json`. It computes nothing about the law: every
number and sentence it prints is in the result it is given; it only chooses how to show them
(a share as `12.5%` or `≈ 12.5% ± 0.3%`, a changed word struck through or in colour).

- `environment`: the Jinja2 environments (`StrictUndefined`; HTML autoescaped; the user's
  `--templates DIR` sandboxed);
- `explanation`: `render(explanation, fmt, templates)`;
- `diff`: `render(diff, fmt, color)`, `since(result, fmt, color)`, `report(diffs, title, intro,
  fmt)`.

Neither this package nor `compiler.analysis` imports click: the command line (`cli/diff.py`,
`cli/explain.py`, through `driver/render.py`) calls them and prints what they give.
"""
